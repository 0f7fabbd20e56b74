package io.finegrid.model.request;

/**
 * A resident report or a later update of its work order (CONTRACT §2). {@code reporter} is a
 * pseudonymous id; FineGrid never carries names or phone numbers.
 */
public record ServiceRequestUpdate(
        long ts, String requestId, RequestStatus status, String category, String building, String deviceId,
        String reporter, String channel, String description, String assignee, Integer rating) {}
