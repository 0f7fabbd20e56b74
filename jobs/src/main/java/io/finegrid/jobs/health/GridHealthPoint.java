package io.finegrid.jobs.health;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;

/** The {@code grid_health} measurement (CONTRACT §4): per grid every 10 s, stamped with the window's start. */
public final class GridHealthPoint {
    public static final String MEASUREMENT = "grid_health";
    public static final long EVERY_MS = 10_000;

    private GridHealthPoint() {}

    public static String of(String community, String grid, long windowStart, int devices, GridState s) {
        return Point.measurement(MEASUREMENT)
                .addTag("community", community)
                .addTag("grid", grid)
                .addField("devices", devices)
                .addField("online", s.online())
                .addField("alerts_critical", s.alerts("critical"))
                .addField("alerts_major", s.alerts("major"))
                .addField("alerts_minor", s.alerts("minor"))
                .addField("requests_open", s.requestsOpen())
                .addField("requests_breached", s.requestsBreached())
                .time(windowStart, WritePrecision.MS)
                .toLineProtocol();
    }
}
