package io.finegrid.jobs.rollup;

/**
 * {@code telemetry_1m} (CONTRACT §4): per device and metric per event-time minute, stamped with the
 * minute's start, so a replay writes the same series and timestamp and overwrites.
 */
public final class TelemetryMinute {
    public static final String MEASUREMENT = "telemetry_1m";

    private TelemetryMinute() {}

    /**
     * The line-protocol point, written directly: this runs once per device, metric and minute, and
     * the client library's Point (a sorted map and a DecimalFormat per field) was a tenth of the
     * job's time. Tags and fields in key order, as Point writes them.
     */
    public static String point(Sample id, long windowStart, MinuteStats s) {
        StringBuilder b = new StringBuilder(200).append(MEASUREMENT);
        tag(b, "building", id.building);
        tag(b, "community", id.community);
        tag(b, "device", id.deviceId);
        tag(b, "device_type", id.deviceType);
        tag(b, "grid", id.grid);
        tag(b, "metric", id.metric);
        b.append(" count=").append(s.count).append('i');
        b.append(",last=").append(num(s.last));
        b.append(",max=").append(num(s.max));
        b.append(",mean=").append(num(s.mean()));
        b.append(",min=").append(num(s.min));
        return b.append(' ').append(windowStart).toString();
    }

    private static void tag(StringBuilder b, String key, String value) {
        if (value == null || value.isEmpty()) {
            return; // InfluxDB refuses empty tag values
        }
        b.append(',').append(key).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '=' || c == ' ') {
                b.append('\\');
            }
            b.append(c);
        }
    }

    /** Integral values without a fraction (as the client library writes them), others as Java prints them. */
    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
