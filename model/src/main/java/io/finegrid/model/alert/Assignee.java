package io.finegrid.model.alert;

/** Who owns an alert: the organisation and the crew (recipient id) from the responsibility list. */
public record Assignee(String org, String crew) {}
