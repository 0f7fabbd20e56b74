package io.finegrid.jobs.rollup;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * {@code telemetry_1m} (CONTRACT §4): per device and metric per event-time minute, stamped with the
 * minute's start, so a replay writes the same series and timestamp and overwrites.
 */
public final class TelemetryMinute {
    public static final String MEASUREMENT = "telemetry_1m";

    private TelemetryMinute() {}

    /**
     * All series of one device in one minute. The rollup is keyed by device (as the device rules
     * are, so no shuffle sits between them); a series is a metric under the device's tags at the
     * time of the reading.
     */
    public static class DeviceMinute {
        /** By the device's tags (they change only when the registry moves the device), then by metric. */
        public java.util.Map<String, java.util.Map<String, MinuteStats>> byTags = new java.util.HashMap<>();
    }

    public static final class Aggregate implements AggregateFunction<EnrichedReading, DeviceMinute, DeviceMinute> {
        @Override
        public DeviceMinute createAccumulator() {
            return new DeviceMinute();
        }

        @Override
        public DeviceMinute add(EnrichedReading r, DeviceMinute acc) {
            java.util.Map<String, MinuteStats> byMetric = acc.byTags.computeIfAbsent(r.device.seriesKey(),
                    k -> new java.util.HashMap<>());
            for (int i = 0; i < r.metrics.length; i++) {
                byMetric.computeIfAbsent(r.metrics[i], k -> new MinuteStats()).add(r.ts, r.values[i]);
            }
            return acc;
        }

        @Override
        public DeviceMinute getResult(DeviceMinute acc) {
            return acc;
        }

        @Override
        public DeviceMinute merge(DeviceMinute a, DeviceMinute b) {
            b.byTags.forEach((tags, byMetric) -> byMetric.forEach((metric, stats) -> a.byTags
                    .computeIfAbsent(tags, k -> new java.util.HashMap<>()).merge(metric, stats, MinuteStats::merge)));
            return a;
        }
    }

    /** One point per series, stamped with the window start. */
    public static final class ToPoint extends ProcessWindowFunction<DeviceMinute, String, String, TimeWindow> {
        @Override
        public void process(String device, Context ctx, Iterable<DeviceMinute> minutes, Collector<String> out) {
            minutes.iterator().next().byTags.forEach((tags, byMetric) -> {
                Sample tagged = Sample.ofSeriesKey(tags);
                byMetric.forEach((metric, stats) -> {
                    tagged.metric = metric;
                    out.collect(point(tagged, ctx.window().getStart(), stats));
                });
            });
        }
    }

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
