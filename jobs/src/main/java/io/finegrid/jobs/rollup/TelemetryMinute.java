package io.finegrid.jobs.rollup;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;

/**
 * {@code telemetry_1m} (CONTRACT §4): per device and metric per event-time minute, stamped with the
 * minute's start, so a replay writes the same series and timestamp and overwrites.
 */
public final class TelemetryMinute {
    public static final String MEASUREMENT = "telemetry_1m";

    private TelemetryMinute() {}

    public static String point(Sample id, long windowStart, MinuteStats s) {
        return Point.measurement(MEASUREMENT)
                .addTag("community", id.community)
                .addTag("grid", id.grid)
                .addTag("building", id.building)
                .addTag("device", id.deviceId)
                .addTag("device_type", id.deviceType)
                .addTag("metric", id.metric)
                .addField("mean", s.mean())
                .addField("min", s.min)
                .addField("max", s.max)
                .addField("last", s.last)
                .addField("count", s.count)
                .time(windowStart, WritePrecision.MS)
                .toLineProtocol();
    }
}
