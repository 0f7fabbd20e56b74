package io.finegrid.jobs.incident;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What one building has open: device alerts, and residents' reports that may be about them. A
 * report is about an alert when it names the alert's device, or, when either has no device (a
 * report that names none, a composite over the building), when their categories match. A report
 * stays a candidate for a day from when it was made, until the request is resolved. A Flink POJO;
 * the decisions are plain methods, tested without Flink.
 */
public class BuildingIncidents {
    /** How long a report stays linkable to alerts raised after it. */
    public static final long LINK_FOR_MS = java.time.Duration.ofDays(1).toMillis();

    /** Open alerts by alertId. */
    public Map<String, Subject> alerts = new HashMap<>();
    /** Open reports by requestId. */
    public Map<String, Subject> reports = new HashMap<>();

    /** What links: a category and an optional device, with the time it was raised or reported. A Flink POJO. */
    public static class Subject {
        public String category;
        public String deviceId;
        public long ts;

        public Subject() {}

        Subject(String category, String deviceId, long ts) {
            this.category = category;
            this.deviceId = deviceId;
            this.ts = ts;
        }

        boolean about(Subject alert) {
            return io.finegrid.model.alert.IncidentMatch.about(category, deviceId, alert.category, alert.deviceId);
        }
    }

    /** An alert was raised: the open reports about it, sorted (null when none). */
    public List<String> raised(String alertId, String category, String deviceId, long at) {
        Subject a = new Subject(category, deviceId, at);
        alerts.put(alertId, a);
        TreeSet<String> ids = new TreeSet<>();
        reports.forEach((id, r) -> {
            if (r.about(a) && r.ts + LINK_FOR_MS >= at) {
                ids.add(id);
            }
        });
        return ids.isEmpty() ? null : List.copyOf(ids);
    }

    public void cleared(String alertId) {
        alerts.remove(alertId);
    }

    /** A report was made (or updated while open): the open alerts it is about, sorted. */
    public List<String> reported(String requestId, String category, String deviceId, long at) {
        Subject known = reports.get(requestId);
        Subject r = new Subject(category != null ? category : known == null ? null : known.category,
                deviceId != null ? deviceId : known == null ? null : known.deviceId, known == null ? at : known.ts);
        reports.put(requestId, r);
        List<String> ids = new ArrayList<>();
        alerts.forEach((id, a) -> {
            if (r.about(a)) {
                ids.add(id);
            }
        });
        ids.sort(null);
        return ids;
    }

    /** The request was resolved or closed: it no longer links alerts raised later. */
    public void finished(String requestId) {
        reports.remove(requestId);
    }

    /** Forgets reports older than a day at event time {@code t}. */
    public void expire(long t) {
        reports.values().removeIf(r -> r.ts + LINK_FOR_MS <= t);
    }

    public boolean isEmpty() {
        return alerts.isEmpty() && reports.isEmpty();
    }
}
