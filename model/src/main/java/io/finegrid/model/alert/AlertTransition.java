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
        List<String> requestIds) {

    /** The same transition linked to these residents' requests (null or empty: none). */
    public AlertTransition withRequestIds(List<String> ids) {
        return new AlertTransition(alertId, fingerprint, rule, state, severity, category, community, grid, building,
                deviceId, requestId, summary, value, startsAt, updatedAt, escalationLevel, assignee,
                ids == null || ids.isEmpty() ? null : List.copyOf(ids));
    }
}
