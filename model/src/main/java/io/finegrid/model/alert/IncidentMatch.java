package io.finegrid.model.alert;

import java.util.Set;

/**
 * When a resident's report is about an alert of the same building: it names the alert's device,
 * or, when either names no device (a report of a category, a composite over the building), their
 * categories match. The job (linking alerts to reports) and the ingest gateway (adding open
 * alerts to a report's normalized form) decide alike.
 */
public final class IncidentMatch {
    /** The service side's own alerts, which are about requests, not devices: never linked. */
    public static final Set<String> SERVICE_RULES = Set.of("sla-respond", "sla-resolve", "backlog", "consultation");

    private IncidentMatch() {}

    public static boolean about(String reportCategory, String reportDevice, String alertCategory, String alertDevice) {
        if (reportDevice != null && alertDevice != null) {
            return reportDevice.equals(alertDevice);
        }
        return reportCategory != null && reportCategory.equals(alertCategory);
    }

    /** Whether residents' reports can be about this alert: a device or composite alert with a building. */
    public static boolean linkable(AlertTransition t) {
        return t.building() != null && !SERVICE_RULES.contains(t.rule());
    }
}
