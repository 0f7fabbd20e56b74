package io.finegrid.model.alert;

import java.util.List;

/**
 * One state change of an alert on {@code fg.alerts}; also the body of webhook notifications.
 * Consumers identify a transition by {@code alertId + state + updatedAt}.
 * {@code requestIds} (residents' requests linked to the alert) and {@code actor} (the person who
 * acknowledged or resolved it, a recipient id) extend the contract's form; both are left out when empty.
 */
public record AlertTransition(
        String alertId, String fingerprint, String rule, AlertState state, Severity severity, String category,
        String community, String grid, String building, String deviceId, String requestId,
        String summary, Double value, long startsAt, long updatedAt, int escalationLevel, Assignee assignee,
        List<String> requestIds, String actor) {

    /** A detector's transition: nobody acted on it yet. */
    public AlertTransition(
            String alertId, String fingerprint, String rule, AlertState state, Severity severity, String category,
            String community, String grid, String building, String deviceId, String requestId,
            String summary, Double value, long startsAt, long updatedAt, int escalationLevel, Assignee assignee,
            List<String> requestIds) {
        this(alertId, fingerprint, rule, state, severity, category, community, grid, building, deviceId, requestId,
                summary, value, startsAt, updatedAt, escalationLevel, assignee, requestIds, null);
    }

    /** The same transition linked to these residents' requests (null or empty: none). */
    public AlertTransition withRequestIds(List<String> ids) {
        return new AlertTransition(alertId, fingerprint, rule, state, severity, category, community, grid, building,
                deviceId, requestId, summary, value, startsAt, updatedAt, escalationLevel, assignee,
                ids == null || ids.isEmpty() ? null : List.copyOf(ids), actor);
    }

    /** The next transition of this alert: everything the same but what changed. */
    public AlertTransition next(AlertState newState, long at, int level, Assignee owner, String by) {
        return new AlertTransition(alertId, fingerprint, rule, newState, severity, category, community, grid, building,
                deviceId, requestId, summary, value, startsAt, at, level, owner, requestIds, by);
    }
}
