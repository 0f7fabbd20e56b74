package io.finegrid.jobs.rollup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The open {@code telemetry_1m} minutes of one device, as a pure value kept in the device's state:
 * the same semantics as a one-minute tumbling event-time window (a minute closes when the
 * watermark reaches its last millisecond; a reading for a closed minute is late), without a window
 * operator's per-reading state access and timers. A series is a metric under the device's tags
 * at the time of the reading.
 *
 * <p>Flat parallel arrays, one slot per open series (a device has two or three open minutes of a
 * few metrics each), rather than a list of minutes holding maps of objects: this runs for every
 * reading, and each object on the way was one more cache miss. The six figures of a series sit
 * side by side in {@link #stats}. A Flink POJO.
 */
public class DeviceMinutes {
    public static final long MINUTE = 60_000;
    /** Returned by {@link #add} for a reading whose minute has closed. */
    public static final long LATE = -2;
    /** Per slot in {@link #stats}: count, sum, min, max, last, time of last. */
    static final int FIELDS = 6;
    private static final int COUNT = 0;
    private static final int SUM = 1;
    private static final int MIN = 2;
    private static final int MAX = 3;
    private static final int LAST = 4;
    private static final int LAST_TS = 5;

    /** Slots in use. */
    public int size;
    /** Per slot: the start of its minute. */
    public long[] starts = new long[4];
    /** Per slot: the device's tags at the time of the readings. */
    public Sample[] tags = new Sample[4];
    /** Per slot: the metric. */
    public String[] metrics = new String[4];
    /** Per slot, {@link #FIELDS} figures. Counts and times are exact as doubles (below 2^53). */
    public double[] stats = new double[4 * FIELDS];

    /**
     * Adds a reading, given the current watermark. Returns the last millisecond of its minute when
     * that minute was just opened, -1 when it was already open, or {@link #LATE} when the minute
     * had closed (the reading is not added).
     */
    public long add(EnrichedReading r, long watermark) {
        return add(r.device, r.ts, r.metrics, r.values, watermark);
    }

    /** {@link #add(EnrichedReading, long)} without the reading made into an object (this runs for every reading). */
    public long add(Sample device, long ts, String[] readingMetrics, double[] values, long watermark) {
        long start = Math.floorDiv(ts, MINUTE) * MINUTE;
        long last = start + MINUTE - 1;
        if (last <= watermark) {
            return LATE;
        }
        boolean minuteWasOpen = false;
        for (int k = size - 1; k >= 0 && !minuteWasOpen; k--) { // newest first: where a reading in order goes
            minuteWasOpen = starts[k] == start;
        }
        for (int i = 0; i < readingMetrics.length; i++) {
            int k = slot(start, device, readingMetrics[i]);
            int f = k * FIELDS;
            double v = values[i];
            stats[f + COUNT] += 1;
            stats[f + SUM] += v;
            stats[f + MIN] = Math.min(stats[f + MIN], v);
            stats[f + MAX] = Math.max(stats[f + MAX], v);
            if (ts >= stats[f + LAST_TS]) { // the latest reading; on a tie, the later-seen one
                stats[f + LAST_TS] = ts;
                stats[f + LAST] = v;
            }
        }
        return minuteWasOpen ? -1 : last;
    }

    /**
     * The slot of a series, opened when new. Slots are in the order their series opened, so the
     * search goes newest first: a reading in time order finds its slot among the last few, however
     * many minutes a lagging watermark keeps open.
     */
    private int slot(long start, Sample device, String metric) {
        for (int k = size - 1; k >= 0; k--) {
            if (starts[k] == start && (metrics[k] == metric || metrics[k].equals(metric))) {
                Sample t = tags[k];
                if (t == device) {
                    return k;
                }
                if (sameTags(t, device)) {
                    tags[k] = device; // equal tags (a checkpoint copies them apart): compare by reference from now on
                    return k;
                }
            }
        }
        if (size == starts.length) {
            // By a quarter, not double: the arrays stay at the most slots the device ever needed
            // (they are not trimmed), and in a fast replay that is a few minutes' worth of slots,
            // the largest part of what a device keeps.
            int n = size + Math.max(2, size / 4);
            starts = Arrays.copyOf(starts, n);
            tags = Arrays.copyOf(tags, n);
            metrics = Arrays.copyOf(metrics, n);
            stats = Arrays.copyOf(stats, n * FIELDS);
        }
        int k = size++;
        starts[k] = start;
        tags[k] = device;
        metrics[k] = metric;
        int f = k * FIELDS;
        stats[f + COUNT] = 0;
        stats[f + SUM] = 0;
        stats[f + MIN] = Double.POSITIVE_INFINITY;
        stats[f + MAX] = Double.NEGATIVE_INFINITY;
        stats[f + LAST] = Double.NaN;
        stats[f + LAST_TS] = Double.NEGATIVE_INFINITY;
        return k;
    }

    private static boolean sameTags(Sample a, Sample b) {
        return a.building.equals(b.building) && a.grid.equals(b.grid) && a.deviceType.equals(b.deviceType)
                && a.deviceId.equals(b.deviceId) && a.community.equals(b.community);
    }

    /** Closes every minute whose last millisecond is at or before {@code t}; returns their points. */
    public List<String> closeUpTo(long t) {
        List<String> points = new ArrayList<>();
        closeUpTo(t, new StringBuilder(200), points::add);
        return points;
    }

    /**
     * Closes every minute whose last millisecond is at or before {@code t}, handing each series'
     * point to {@code out} in the order the series opened; {@code scratch} is where the lines are
     * written (one per operator, reused).
     */
    public void closeUpTo(long t, StringBuilder scratch, Consumer<String> out) {
        int kept = 0;
        for (int k = 0; k < size; k++) {
            int f = k * FIELDS;
            if (starts[k] + MINUTE - 1 <= t) {
                double count = stats[f + COUNT];
                out.accept(TelemetryMinute.point(scratch, tags[k], metrics[k], starts[k], (long) count,
                        stats[f + LAST], stats[f + MAX], stats[f + SUM] / count, stats[f + MIN]));
                continue;
            }
            if (kept != k) {
                starts[kept] = starts[k];
                tags[kept] = tags[k];
                metrics[kept] = metrics[k];
                System.arraycopy(stats, f, stats, kept * FIELDS, FIELDS);
            }
            kept++;
        }
        for (int k = kept; k < size; k++) {
            tags[k] = null; // nothing kept alive by a closed slot
            metrics[k] = null;
        }
        size = kept;
    }

    /** The last millisecond of the earliest open minute, or Long.MAX_VALUE when none is open. */
    public long firstEnd() {
        long first = Long.MAX_VALUE;
        for (int k = 0; k < size; k++) {
            first = Math.min(first, starts[k] + MINUTE - 1);
        }
        return first;
    }

    public boolean isEmpty() {
        return size == 0;
    }
}
