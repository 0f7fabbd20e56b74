package io.finegrid.jobs.rollup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The open {@code telemetry_1m} minutes of one device, as a pure value kept in the device's state:
 * the same semantics as a one-minute tumbling event-time window (a minute closes when the
 * watermark reaches its last millisecond; a reading for a closed minute is late), without a window
 * operator's per-reading state access and timers. A series is a metric under the device's tags
 * at the time of the reading.
 *
 * <p>Small lists rather than maps: a device has one or two open minutes, one set of tags, and
 * sends its metrics in the same order each time, so a reading finds its place by position, with
 * a scan as the fallback. This runs for every reading. A Flink POJO.
 */
public class DeviceMinutes {
    public static final long MINUTE = 60_000;
    /** Returned by {@link #add} for a reading whose minute has closed. */
    public static final long LATE = -2;

    /** One minute of one set of tags: per metric, its stats. A Flink POJO. */
    public static class Open {
        public long start;
        public Sample tags;
        public String[] metrics = new String[4];
        public MinuteStats[] stats = new MinuteStats[4];
        public int size;

        public Open() {}

        Open(long start, Sample tags) {
            this.start = start;
            this.tags = tags;
        }

        MinuteStats statsOf(String metric, int hint) {
            if (hint < size && (metrics[hint] == metric || metrics[hint].equals(metric))) {
                return stats[hint];
            }
            for (int i = 0; i < size; i++) {
                if (metrics[i].equals(metric)) {
                    return stats[i];
                }
            }
            if (size == metrics.length) {
                metrics = Arrays.copyOf(metrics, size * 2);
                stats = Arrays.copyOf(stats, size * 2);
            }
            metrics[size] = metric;
            stats[size] = new MinuteStats();
            return stats[size++];
        }
    }

    public List<Open> open = new ArrayList<>(2);

    /**
     * Adds a reading, given the current watermark. Returns the last millisecond of its minute when
     * that minute was just opened (the caller sees that its end is timed), -1 when it was already
     * open, or {@link #LATE} when the minute had closed (the reading is not added).
     */
    public long add(EnrichedReading r, long watermark) {
        return add(r.device, r.ts, r.metrics, r.values, watermark);
    }

    /** {@link #add(EnrichedReading, long)} without the reading made into an object (this runs for every reading). */
    public long add(Sample device, long ts, String[] metrics, double[] values, long watermark) {
        long start = Math.floorDiv(ts, MINUTE) * MINUTE;
        long last = start + MINUTE - 1;
        if (last <= watermark) {
            return LATE;
        }
        boolean minuteWasOpen = false;
        Open target = null;
        for (int k = 0; k < open.size(); k++) {
            Open o = open.get(k);
            if (o.start == start) {
                minuteWasOpen = true;
                if (o.tags == device || sameTags(o.tags, device)) {
                    o.tags = device; // equal tags (a checkpoint copies them apart): compare by reference from now on
                    target = o;
                    break;
                }
            }
        }
        if (target == null) {
            target = new Open(start, device);
            open.add(target);
        }
        for (int i = 0; i < metrics.length; i++) {
            target.statsOf(metrics[i], i).add(ts, values[i]);
        }
        return minuteWasOpen ? -1 : last;
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
     * Closes every minute whose last millisecond is at or before {@code t}, handing each point to
     * {@code out}; {@code scratch} is where the lines are written (one per operator, reused).
     */
    public void closeUpTo(long t, StringBuilder scratch, java.util.function.Consumer<String> out) {
        for (int k = open.size() - 1; k >= 0; k--) {
            Open o = open.get(k);
            if (o.start + MINUTE - 1 > t) {
                continue;
            }
            for (int i = 0; i < o.size; i++) {
                out.accept(TelemetryMinute.point(scratch, o.tags, o.metrics[i], o.start, o.stats[i]));
            }
            open.remove(k);
        }
    }

    /** The last millisecond of the earliest open minute, or Long.MAX_VALUE when none is open. */
    public long firstEnd() {
        long first = Long.MAX_VALUE;
        for (int i = 0; i < open.size(); i++) {
            first = Math.min(first, open.get(i).start + MINUTE - 1);
        }
        return first;
    }

    public boolean isEmpty() {
        return open.isEmpty();
    }
}
