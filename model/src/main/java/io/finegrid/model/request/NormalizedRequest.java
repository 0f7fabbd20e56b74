package io.finegrid.model.request;

/** A validated service request update on {@code fg.requests}, keyed by requestId. */
public record NormalizedRequest(
        String community, long ts, String requestId, RequestStatus status, String category, String building,
        String deviceId, String reporter, String channel, String description, String assignee, Integer rating,
        long ingestTs) {

    public static NormalizedRequest of(String community, ServiceRequestUpdate u, long ingestTs) {
        return new NormalizedRequest(community, u.ts(), u.requestId(), u.status(), u.category(), u.building(),
                u.deviceId(), u.reporter(), u.channel(), u.description(), u.assignee(), u.rating(), ingestTs);
    }
}
