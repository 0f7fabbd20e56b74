package io.finegrid.jobs.service;

import io.finegrid.jobs.faults.LiveConfig;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.config.CommunityConfig;
import io.finegrid.model.config.ConfigDocument;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by grid and organisation: the hourly {@code kpi} points. The sums of an hour do not depend
 * on the order events arrive in, and an event comes from a request operator's timer, so it is
 * never behind this operator's watermark: each hour is written once, when the watermark passes
 * its last millisecond.
 */
public final class KpiRules extends KeyedBroadcastProcessFunction<String, KpiEvent, ConfigDocument, String> {
    static final long HOUR = 3_600_000;

    private final LiveConfig live;
    private transient MapState<Long, KpiHour> hours;
    /** Hours already written, for the rolling day. */
    private transient MapState<Long, KpiHour> closed;
    private transient org.apache.flink.metrics.Counter late;

    public KpiRules(ConfigTexts config) {
        this.live = new LiveConfig(config);
    }

    @Override
    public void open(OpenContext ctx) {
        hours = getRuntimeContext().getMapState(new MapStateDescriptor<>("kpi-hours", Types.LONG,
                Types.POJO(KpiHour.class)));
        closed = getRuntimeContext().getMapState(new MapStateDescriptor<>("kpi-closed-hours", Types.LONG,
                Types.POJO(KpiHour.class)));
        late = getRuntimeContext().getMetricGroup().counter("kpiLateEvents");
    }

    @Override
    public void processElement(KpiEvent e, ReadOnlyContext ctx, Collector<String> out) throws Exception {
        long start = Math.floorDiv(e.ts, HOUR) * HOUR;
        if (start + HOUR - 1 <= ctx.timerService().currentWatermark()) {
            late.inc(); // its hour is written already; only an update later than the allowed lateness gets here
            return;
        }
        KpiHour h = hours.get(start);
        if (h == null) {
            h = new KpiHour(start);
            ctx.timerService().registerEventTimeTimer(start + HOUR - 1);
        }
        h.add(e);
        hours.put(start, h);
    }

    @Override
    public void processBroadcastElement(ConfigDocument doc, Context ctx, Collector<String> out) throws Exception {
        live.apply(ctx.getBroadcastState(LiveConfig.DESCRIPTOR), doc);
    }

    @Override
    public void onTimer(long t, OnTimerContext ctx, Collector<String> out) throws Exception {
        long start = t + 1 - HOUR;
        KpiHour h = hours.get(start);
        if (h == null) {
            return;
        }
        String[] key = ctx.getCurrentKey().split("\\|", 3);
        CommunityConfig community = live.current(ctx.getBroadcastState(LiveConfig.DESCRIPTOR)).registry().config()
                .community();
        // The rolling day: this hour and the 23 before it (closed hours are kept that long).
        KpiHour day = new KpiHour(start);
        for (long past = start - 23 * HOUR; past <= start; past += HOUR) {
            KpiHour p = past == start ? h : closed.get(past);
            if (p != null) {
                day.merge(p);
            }
        }
        out.collect(h.line(key[0], key[1], key[2], residents(community).getOrDefault(key[1], 0), day));
        hours.remove(start);
        if (!h.isEmpty()) {
            closed.put(start, h);
        }
        closed.remove(start - 23 * HOUR); // out of the next hour's day
        // An empty hour after this one still writes the day's figures, until the day is empty.
        if (!closed.isEmpty() && ctx.timerService().currentWatermark() != Long.MAX_VALUE) {
            long next = start + HOUR;
            if (hours.get(next) == null) {
                hours.put(next, new KpiHour(next));
                ctx.timerService().registerEventTimeTimer(next + HOUR - 1);
            }
        }
    }

    private static Map<String, Integer> residents(CommunityConfig c) {
        Map<String, Integer> byGrid = new HashMap<>();
        c.buildings().forEach(b -> byGrid.merge(b.grid(), b.residents(), Integer::sum));
        return byGrid;
    }
}
