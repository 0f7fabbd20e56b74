package io.finegrid.jobs.rollup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The open {@code telemetry_1m} minutes of one device, as a pure value kept in the device's state:
 * the same semantics as a one-minute tumbling event-time window (a minute closes when the
 * watermark reaches its last millisecond; a reading for a closed minute is late), without a window
 * operator's per-reading state access and timers. Usually one or two minutes are open.
 * A series is a metric under the device's tags at the time of the reading. A Flink POJO.
 */
public class DeviceMinutes {
    public static final long MINUTE = 60_000;
    /** Returned by {@link #add} for a reading whose minute has closed. */
    public static final long LATE = -2;

    /** Minute start, then the device's tags (a series key without metric), then metric. */
    public Map<Long, Map<String, Map<String, MinuteStats>>> open = new HashMap<>();
    /** The series key of the last tags seen (not state: rebuilt after a restore). */
    private transient Sample keyOf;
    private transient String key;

    /**
     * Adds a reading, given the current watermark. Returns the last millisecond of its minute when
     * that minute was just opened (the caller sets a timer there), -1 when it was already open, or
     * {@link #LATE} when the minute had closed (the reading is not added).
     */
    public long add(EnrichedReading r, long watermark) {
        long start = Math.floorDiv(r.ts, MINUTE) * MINUTE;
        long last = start + MINUTE - 1;
        if (last <= watermark) {
            return LATE;
        }
        Map<String, Map<String, MinuteStats>> minute = open.get(start);
        boolean opened = minute == null;
        if (opened) {
            minute = new HashMap<>();
            open.put(start, minute);
        }
        if (r.device != keyOf) {
            keyOf = r.device;
            key = r.device.seriesKey();
        }
        Map<String, MinuteStats> byMetric = minute.computeIfAbsent(key, k -> new HashMap<>());
        for (int i = 0; i < r.metrics.length; i++) {
            byMetric.computeIfAbsent(r.metrics[i], k -> new MinuteStats()).add(r.ts, r.values[i]);
        }
        return opened ? last : -1;
    }

    /** Closes every minute whose last millisecond is at or before {@code t}; returns their points. */
    public List<String> closeUpTo(long t) {
        List<String> points = new ArrayList<>();
        open.entrySet().removeIf(m -> {
            if (m.getKey() + MINUTE - 1 > t) {
                return false;
            }
            m.getValue().forEach((tags, byMetric) -> {
                Sample series = Sample.ofSeriesKey(tags);
                byMetric.forEach((metric, stats) -> {
                    series.metric = metric;
                    points.add(TelemetryMinute.point(series, m.getKey(), stats));
                });
            });
            return true;
        });
        return points;
    }

    public boolean isEmpty() {
        return open.isEmpty();
    }
}
