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
        return point(new StringBuilder(200), id, id.metric, windowStart, s.count, s.last, s.max, s.mean(), s.min);
    }

    /** The point of {@code metric} of the device {@code id}, written in {@code b} (cleared first). */
    public static String point(StringBuilder b, Sample id, String metric, long windowStart, long count, double last,
                               double max, double mean, double min) {
        String deviceTags = id.deviceTags;
        if (deviceTags == null) { // once per device and minute at most: the tags do not change in between
            b.setLength(0);
            b.append(MEASUREMENT);
            tag(b, "building", id.building);
            tag(b, "community", id.community);
            tag(b, "device", id.deviceId);
            tag(b, "device_type", id.deviceType);
            tag(b, "grid", id.grid);
            deviceTags = b.toString();
            id.deviceTags = deviceTags;
        }
        b.setLength(0);
        b.append(deviceTags);
        tag(b, "metric", metric);
        b.append(" count=").append(count).append('i');
        num(b.append(",last="), last);
        num(b.append(",max="), max);
        num(b.append(",mean="), mean);
        num(b.append(",min="), min);
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

    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};

    /**
     * Integral values without a fraction (as the client library writes them), others with the
     * digits of Double.toString. Four numbers per point: Java 17's Double.toString was the larger
     * part of writing one, so values with at most six decimals (what sensors send: readings and
     * so the last, min and max of a minute) are written directly.
     */
    static void num(StringBuilder b, double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            b.append((long) d);
            return;
        }
        double a = Math.abs(d);
        if (a >= 1e-3 && a < 1e7) { // where Double.toString writes plain digits, no exponent
            for (int k = 1; k < POW10.length; k++) {
                double m = Math.rint(d * POW10[k]);
                // Both exact, so the quotient is the double nearest m / 10^k: the number that the
                // text written below reads back as. The first k that gives d back is the shortest.
                if (m / POW10[k] == d) {
                    fixed(b, (long) m, k);
                    return;
                }
            }
        }
        b.append(d);
    }

    /** {@code m / 10^k} in plain decimal, k > 0 digits after the point. */
    private static void fixed(StringBuilder b, long m, int k) {
        if (m < 0) {
            b.append('-');
            m = -m;
        }
        long unit = (long) POW10[k];
        b.append(m / unit).append('.');
        long frac = m % unit;
        for (long p = unit / 10; p > frac && p > 1; p /= 10) {
            b.append('0');
        }
        b.append(frac);
    }
}
