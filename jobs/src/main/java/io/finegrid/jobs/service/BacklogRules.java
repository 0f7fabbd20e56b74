package io.finegrid.jobs.service;

import io.finegrid.jobs.faults.AlertFactory;
import io.finegrid.jobs.faults.LiveConfig;
import io.finegrid.jobs.faults.Transition;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.jobs.registry.Registry;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.Severity;
import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.config.ServicesConfig;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by grid and category: the backlog. Request changes come from many request keys, so they
 * are held until the watermark passes them and applied in event-time order; every minute with
 * open requests writes a {@code backlog} point; more than {@code backlog.openPerGrid} open
 * requests raise the {@code backlog} alert (fingerprint backlog|grid|category).
 */
public final class BacklogRules extends KeyedBroadcastProcessFunction<String, RequestChange, ConfigDocument, AlertTransition> {
    public static final OutputTag<String> POINTS = new OutputTag<>("backlog-points", io.finegrid.jobs.wire.Lines.TYPE);
    static final Comparator<RequestChange> ORDER = Comparator.comparingLong((RequestChange c) -> c.at)
            .thenComparing(c -> c.requestId);

    private final LiveConfig live;
    private transient ValueState<BacklogTrack> state;

    public BacklogRules(ConfigTexts config) {
        this.live = new LiveConfig(config);
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("backlog", Types.POJO(BacklogTrack.class)));
    }

    @Override
    public void processElement(RequestChange c, ReadOnlyContext ctx, Collector<AlertTransition> out) throws Exception {
        BacklogTrack b = state.value();
        if (b == null) {
            b = new BacklogTrack();
        }
        b.pending.add(c);
        state.update(b);
        ctx.timerService().registerEventTimeTimer(c.at);
    }

    @Override
    public void processBroadcastElement(ConfigDocument doc, Context ctx, Collector<AlertTransition> out) throws Exception {
        live.apply(ctx.getBroadcastState(LiveConfig.DESCRIPTOR), doc);
    }

    @Override
    public void onTimer(long t, OnTimerContext ctx, Collector<AlertTransition> out) throws Exception {
        BacklogTrack b = state.value();
        if (b == null) {
            return;
        }
        Registry registry = live.current(ctx.getBroadcastState(LiveConfig.DESCRIPTOR)).registry();
        ServicesConfig.Backlog limits = registry.config().services().backlog();
        int limit = limits == null ? Integer.MAX_VALUE : limits.openPerGrid();
        String[] key = ctx.getCurrentKey().split("\\|", 3);
        List<RequestChange> due = Pending.takeUpTo(b.pending, t, c -> c.at, ORDER);
        for (RequestChange c : due) {
            Backlog.Step s = b.backlog.apply(c, limit);
            point(s.closed(), key, ctx);
            if (s.transition() != null) {
                alert(s.transition(), key, limit, registry, out);
            }
        }
        point(b.backlog.closeBefore(t), key, ctx);
        long next = b.backlog.minuteEnd();
        // At the end of a finite input the watermark jumps to the end of time: no minute after it.
        if (next >= 0 && ctx.timerService().currentWatermark() != Long.MAX_VALUE) {
            ctx.timerService().registerEventTimeTimer(next);
        }
        if (b.backlog.isEmpty() && b.pending.isEmpty()) {
            state.clear();
        } else {
            state.update(b);
        }
    }

    private static void point(Backlog.Minute m, String[] key, OnTimerContext ctx) {
        if (m != null) {
            ctx.output(POINTS, BacklogPoint.line(key[0], key[1], key[2], m));
        }
    }

    private static void alert(Transition t, String[] key, int limit, Registry registry, Collector<AlertTransition> out) {
        String summary = t.kind() == Transition.Kind.FIRING
                ? (long) t.value() + " open " + key[2] + " requests in grid " + key[1] + ", more than " + limit
                : "back to " + (long) t.value() + " open requests (limit " + limit + ")";
        out.collect(AlertFactory.serviceAlert("backlog", Severity.MINOR, "backlog|" + key[1] + "|" + key[2], key[2],
                key[0], key[1], null, null, t, summary, registry));
    }
}
