package io.finegrid.jobs.faults;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import io.finegrid.model.alert.AlertTransition;

/** The {@code alerts} measurement (CONTRACT §4): one point per transition, at its {@code updatedAt}. */
public final class AlertPoint {
    public static final String MEASUREMENT = "alerts";

    private AlertPoint() {}

    public static String of(AlertTransition a) {
        Point p = Point.measurement(MEASUREMENT)
                .addTag("community", a.community())
                .addTag("grid", a.grid())
                .addTag("building", a.building())
                .addTag("device", a.deviceId()) // null for building-wide alerts: the tag is left out
                .addTag("rule", a.rule())
                .addTag("severity", a.severity().wire())
                .addTag("state", a.state().wire())
                .addTag("category", a.category())
                .addField("alert_id", a.alertId())
                .addField("escalation_level", a.escalationLevel())
                .addField("summary", a.summary())
                .time(a.updatedAt(), WritePrecision.MS);
        if (a.value() != null) {
            p.addField("value", a.value());
        }
        return p.toLineProtocol();
    }
}
