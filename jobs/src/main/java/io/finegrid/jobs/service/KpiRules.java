package io.finegrid.jobs.service;

import io.finegrid.jobs.faults.LiveConfig;
import io.finegrid.jobs.registry.ConfigTexts;
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
    private transient org.apache.flink.metrics.Counter late;

    public KpiRules(ConfigTexts config) {
        this.live = new LiveConfig(config);
    }

    @Override
    public void open(OpenContext ctx) {
        hours = getRuntimeContext().getMapState(new MapStateDescriptor<>("kpi-hours", Types.LONG,
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
        out.collect(h.line(key[0], key[1], key[2], residents(community).getOrDefault(key[1], 0)));
        hours.remove(start);
    }

    private static Map<String, Integer> residents(CommunityConfig c) {
        Map<String, Integer> byGrid = new HashMap<>();
        c.buildings().forEach(b -> byGrid.merge(b.grid(), b.residents(), Integer::sum));
        return byGrid;
    }
}
