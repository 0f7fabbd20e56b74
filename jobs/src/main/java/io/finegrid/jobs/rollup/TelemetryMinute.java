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

    public static final class Aggregate implements AggregateFunction<Sample, MinuteStats, MinuteStats> {
        @Override
        public MinuteStats createAccumulator() {
            return new MinuteStats();
        }

        @Override
        public MinuteStats add(Sample s, MinuteStats acc) {
            return acc.add(s.ts, s.value);
        }

        @Override
        public MinuteStats getResult(MinuteStats acc) {
            return acc;
        }

        @Override
        public MinuteStats merge(MinuteStats a, MinuteStats b) {
            return a.merge(b);
        }
    }

    /** Attaches the series tags (the window key) and the window start. */
    public static final class ToPoint extends ProcessWindowFunction<MinuteStats, String, String, TimeWindow> {
        @Override
        public void process(String key, Context ctx, Iterable<MinuteStats> stats, Collector<String> out) {
            out.collect(point(Sample.ofSeriesKey(key), ctx.window().getStart(), stats.iterator().next()));
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
