package io.finegrid.model.request;

/**
 * A validated service request update on {@code fg.requests}, keyed by requestId. {@code alertIds}
 * (an extension, null when none) are the open device or composite alerts of the building the
 * report is about, as the gateway knew them when it took the report.
 */
public record NormalizedRequest(
        String community, long ts, String requestId, RequestStatus status, String category, String building,
        String deviceId, String reporter, String channel, String description, String assignee, Integer rating,
        long ingestTs, java.util.List<String> alertIds) {

    public NormalizedRequest(String community, long ts, String requestId, RequestStatus status, String category,
                             String building, String deviceId, String reporter, String channel, String description,
                             String assignee, Integer rating, long ingestTs) {
        this(community, ts, requestId, status, category, building, deviceId, reporter, channel, description, assignee,
                rating, ingestTs, null);
    }

    public NormalizedRequest withAlertIds(java.util.List<String> ids) {
        return new NormalizedRequest(community, ts, requestId, status, category, building, deviceId, reporter, channel,
                description, assignee, rating, ingestTs, ids == null || ids.isEmpty() ? null : java.util.List.copyOf(ids));
    }

    public static NormalizedRequest of(String community, ServiceRequestUpdate u, long ingestTs) {
        return new NormalizedRequest(community, u.ts(), u.requestId(), u.status(), u.category(), u.building(),
                u.deviceId(), u.reporter(), u.channel(), u.description(), u.assignee(), u.rating(), ingestTs);
    }
}
