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
 * <p>Flat arrays, one slot per open series (a device has two or three open minutes of a few
 * metrics each), rather than a list of minutes holding maps of objects: this runs for every
 * reading of every device, and in a large community each object on the way is a cache miss (the
 * devices take turns, so a device's state has left the caches by its next reading). A slot's
 * seven figures, its minute's start first, sit side by side in {@link #series}; its metric in
 * {@link #metrics}; its tags in {@link #tag} while every open slot has the same (nearly always:
 * tags change only when the registry moves the device), else in {@link #tags}. A Flink POJO.
 */
public class DeviceMinutes {
    public static final long MINUTE = 60_000;
    /** Returned by {@link #add} for a reading whose minute has closed. */
    public static final long LATE = -2;
    /** Per slot in {@link #series}: the minute's start, count, sum, min, max, last, time of last. */
    static final int FIELDS = 7;
    private static final int START = 0;
    private static final int COUNT = 1;
    private static final int SUM = 2;
    private static final int MIN = 3;
    private static final int MAX = 4;
    private static final int LAST = 5;
    private static final int LAST_TS = 6;

    /** Slots in use. */
    public int size;
    /**
     * Per slot, {@link #FIELDS} figures. Starts, counts and times are exact as doubles (below
     * 2^53); one array, so that finding a reading's slot and adding to it read the same lines.
     */
    public double[] series = new double[4 * FIELDS];
    /** Per slot: the metric. */
    public String[] metrics = new String[4];
    /** The tags of every open slot while {@link #tags} is null. */
    public Sample tag;
    /** Per slot: the device's tags at the time of the readings; null while all are {@link #tag}. */
    public Sample[] tags;
    /** The last millisecond of the earliest open minute; Long.MAX_VALUE when none is open. */
    public long firstEnd = Long.MAX_VALUE;
    /**
     * The slots' starts and other figures (six, no start) as state saved before {@link #series}
     * kept them; null otherwise. Taken over at the next reading or close ({@link #adoptSaved}).
     */
    public long[] starts;
    public double[] stats;

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
        adoptSaved();
        boolean minuteWasOpen = false;
        for (int k = size - 1; k >= 0 && !minuteWasOpen; k--) { // newest first: where a reading in order goes
            minuteWasOpen = series[k * FIELDS + START] == start;
        }
        for (int i = 0; i < readingMetrics.length; i++) {
            int f = slot(start, device, readingMetrics[i]) * FIELDS;
            double v = values[i];
            series[f + COUNT] += 1;
            series[f + SUM] += v;
            series[f + MIN] = Math.min(series[f + MIN], v);
            series[f + MAX] = Math.max(series[f + MAX], v);
            if (ts >= series[f + LAST_TS]) { // the latest reading; on a tie, the later-seen one
                series[f + LAST_TS] = ts;
                series[f + LAST] = v;
            }
        }
        if (minuteWasOpen) {
            return -1;
        }
        firstEnd = Math.min(firstEnd, last);
        return last;
    }

    /**
     * The slot of a series, opened when new. Slots are in the order their series opened, so the
     * search goes newest first: a reading in time order finds its slot among the last few, however
     * many minutes a lagging watermark keeps open.
     */
    private int slot(long start, Sample device, String metric) {
        for (int k = size - 1; k >= 0; k--) {
            if (series[k * FIELDS + START] == start && (metrics[k] == metric || metrics[k].equals(metric))) {
                Sample t = tagOf(k);
                if (t == device) {
                    return k;
                }
                if (sameTags(t, device)) {
                    tagSlot(k, device); // equal tags (a checkpoint copies them apart): compare by reference from now on
                    return k;
                }
            }
        }
        if (size == metrics.length) {
            // By a quarter, not double: the arrays stay at the most slots the device ever needed
            // (they are not trimmed), and in a fast replay that is a few minutes' worth of slots,
            // the largest part of what a device keeps.
            int n = size + Math.max(2, size / 4);
            series = Arrays.copyOf(series, n * FIELDS);
            metrics = Arrays.copyOf(metrics, n);
            if (tags != null) {
                tags = Arrays.copyOf(tags, n);
            }
        }
        int k = size++;
        metrics[k] = metric;
        tagSlot(k, device);
        int f = k * FIELDS;
        series[f + START] = start;
        series[f + COUNT] = 0;
        series[f + SUM] = 0;
        series[f + MIN] = Double.POSITIVE_INFINITY;
        series[f + MAX] = Double.NEGATIVE_INFINITY;
        series[f + LAST] = Double.NaN;
        series[f + LAST_TS] = Double.NEGATIVE_INFINITY;
        return k;
    }

    private Sample tagOf(int k) {
        return tags == null ? tag : tags[k];
    }

    /**
     * Gives slot {@code k} the tags {@code device}. Equal tags are shared; the first slot whose
     * tags differ from the others' makes {@link #tags}.
     */
    private void tagSlot(int k, Sample device) {
        if (tags == null) {
            if (size == 1 || tag == device || sameTags(tag, device)) {
                tag = device;
                return;
            }
            tags = new Sample[metrics.length];
            Arrays.fill(tags, 0, k, tag);
        }
        tags[k] = device;
    }

    private static boolean sameTags(Sample a, Sample b) {
        return a.building.equals(b.building) && a.grid.equals(b.grid) && a.deviceType.equals(b.deviceType)
                && a.deviceId.equals(b.deviceId) && a.community.equals(b.community);
    }

    /**
     * The newest slot's start and metric, read only to bring them into the cache (see
     * DeviceState#touch): that is where a reading in time order goes.
     */
    public long touch() {
        int k = size - 1;
        return k < 0 || series == null ? 0 : (long) series[k * FIELDS + START] + metrics[k].length();
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
        adoptSaved();
        if (firstEnd > t) {
            return;
        }
        int kept = 0;
        long first = Long.MAX_VALUE;
        for (int k = 0; k < size; k++) {
            int f = k * FIELDS;
            long start = (long) series[f + START];
            if (start + MINUTE - 1 <= t) {
                double count = series[f + COUNT];
                out.accept(TelemetryMinute.point(scratch, tagOf(k), metrics[k], start, (long) count,
                        series[f + LAST], series[f + MAX], series[f + SUM] / count, series[f + MIN]));
                continue;
            }
            first = Math.min(first, start + MINUTE - 1);
            if (kept != k) {
                metrics[kept] = metrics[k];
                if (tags != null) {
                    tags[kept] = tags[k];
                }
                System.arraycopy(series, f, series, kept * FIELDS, FIELDS);
            }
            kept++;
        }
        for (int k = kept; k < size; k++) {
            metrics[k] = null; // nothing kept alive by a closed slot
            if (tags != null) {
                tags[k] = null;
            }
        }
        size = kept;
        firstEnd = first;
        shareTags();
    }

    /** Back to one set of tags for every open slot where that is so again (none when no slot is open). */
    private void shareTags() {
        if (size == 0) {
            tag = null;
            tags = null;
            return;
        }
        if (tags == null) {
            return;
        }
        for (int k = 1; k < size; k++) {
            if (tags[k] != tags[0]) {
                return;
            }
        }
        tag = tags[0];
        tags = null;
    }

    /** Takes over the slots of state saved before {@link #series} (see {@link #starts}); its tags are per slot. */
    void adoptSaved() {
        if (starts == null) {
            return;
        }
        int n = metrics.length;
        series = new double[n * FIELDS];
        long first = Long.MAX_VALUE;
        for (int k = 0; k < size; k++) {
            series[k * FIELDS + START] = starts[k];
            System.arraycopy(stats, k * (FIELDS - 1), series, k * FIELDS + 1, FIELDS - 1);
            first = Math.min(first, starts[k] + MINUTE - 1);
        }
        firstEnd = first;
        starts = null;
        stats = null;
        shareTags();
    }

    /** The last millisecond of the earliest open minute, or Long.MAX_VALUE when none is open. */
    public long firstEnd() {
        adoptSaved();
        return firstEnd;
    }

    public boolean isEmpty() {
        return size == 0;
    }
}
