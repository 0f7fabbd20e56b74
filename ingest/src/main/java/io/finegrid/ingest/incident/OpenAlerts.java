package io.finegrid.ingest.incident;

import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.IncidentMatch;
import io.finegrid.model.request.NormalizedRequest;
import io.finegrid.model.request.RequestStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The device and composite alerts open in each building, as {@code fg.alerts} has them: what a
 * resident's report may be about when the gateway takes it. Written by the alert watcher's
 * thread, read by the MQTT callback's.
 */
public final class OpenAlerts {
    record Subject(String category, String deviceId) {}

    private final Map<String, Map<String, Subject>> byBuilding = new ConcurrentHashMap<>();

    public void apply(AlertTransition t) {
        if (!IncidentMatch.linkable(t)) {
            return;
        }
        String key = t.community() + "|" + t.building();
        if (t.state() == AlertState.RESOLVED) {
            byBuilding.computeIfPresent(key, (k, m) -> {
                m.remove(t.alertId());
                return m.isEmpty() ? null : m;
            });
        } else {
            byBuilding.computeIfAbsent(key, k -> new ConcurrentHashMap<>())
                    .put(t.alertId(), new Subject(t.category(), t.deviceId()));
        }
    }

    /** The open alerts a report (or a later update of it while open) is about, sorted. */
    public List<String> about(NormalizedRequest r) {
        if (r.building() == null || r.status() == RequestStatus.RESOLVED || r.status() == RequestStatus.CLOSED) {
            return List.of();
        }
        Map<String, Subject> open = byBuilding.get(r.community() + "|" + r.building());
        if (open == null) {
            return List.of();
        }
        return open.entrySet().stream()
                .filter(e -> IncidentMatch.about(r.category(), r.deviceId(), e.getValue().category(), e.getValue().deviceId()))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /** The report with the alerts it is about. */
    public NormalizedRequest link(NormalizedRequest r) {
        List<String> ids = about(r);
        return ids.isEmpty() ? r : r.withAlertIds(ids);
    }
}
