package io.finegrid.model.alert;

import java.util.List;

/**
 * One state change of an alert on {@code fg.alerts}; also the body of webhook notifications.
 * Consumers identify a transition by {@code alertId + state + updatedAt}.
 */
public record AlertTransition(
        String alertId, String fingerprint, String rule, AlertState state, Severity severity, String category,
        String community, String grid, String building, String deviceId, String requestId,
        String summary, Double value, long startsAt, long updatedAt, int escalationLevel, Assignee assignee,
        List<String> requestIds) {}
