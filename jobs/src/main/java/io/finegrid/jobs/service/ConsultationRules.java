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

/**
 * Keyed by scope (building, grid or community) and category: the consultation signal. Reports
 * come from many requests, so they are held until the watermark passes them and counted in
 * event-time order. Fingerprint consultation|scope|category.
 */
public final class ConsultationRules extends KeyedBroadcastProcessFunction<String, ConsultationReport, ConfigDocument,
        AlertTransition> {
    static final Comparator<ConsultationReport> ORDER = Comparator.comparingLong((ConsultationReport r) -> r.ts)
            .thenComparing(r -> r.reporter);

    private final LiveConfig live;
    private transient ValueState<ConsultationTrack> state;

    public ConsultationRules(ConfigTexts config) {
        this.live = new LiveConfig(config);
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("consultation",
                Types.POJO(ConsultationTrack.class)));
    }

    @Override
    public void processElement(ConsultationReport r, ReadOnlyContext ctx, Collector<AlertTransition> out) throws Exception {
        ConsultationTrack c = state.value();
        if (c == null) {
            c = new ConsultationTrack();
        }
        c.pending.add(r);
        state.update(c);
        ctx.timerService().registerEventTimeTimer(r.ts);
    }

    @Override
    public void processBroadcastElement(ConfigDocument doc, Context ctx, Collector<AlertTransition> out) throws Exception {
        live.apply(ctx.getBroadcastState(LiveConfig.DESCRIPTOR), doc);
    }

    @Override
    public void onTimer(long t, OnTimerContext ctx, Collector<AlertTransition> out) throws Exception {
        ConsultationTrack c = state.value();
        if (c == null) {
            return;
        }
        Registry registry = live.current(ctx.getBroadcastState(LiveConfig.DESCRIPTOR)).registry();
        ServicesConfig.Backlog backlog = registry.config().services().backlog();
        if (backlog == null || backlog.consultation() == null) {
            state.clear();
            return;
        }
        ServicesConfig.Consultation rule = backlog.consultation();
        List<ConsultationReport> due = Pending.takeUpTo(c.pending, t, r -> r.ts, ORDER);
        for (ConsultationReport r : due) {
            Consultation.Step s = Consultation.onReport(rule, c.window, r.ts, r.reporter);
            c.window = s.state();
            c.last = r;
            alert(s.transition(), r, rule, registry, out);
        }
        Consultation.Step aged = Consultation.advanceTo(rule, c.window, t);
        c.window = aged.state();
        alert(aged.transition(), c.last, rule, registry, out);
        long next = Consultation.dueAt(rule, c.window);
        if (next >= 0) {
            ctx.timerService().registerEventTimeTimer(next);
        }
        if (c.window == null && c.pending.isEmpty()) {
            state.clear();
        } else {
            state.update(c);
        }
    }

    private static void alert(Transition t, ConsultationReport r, ServicesConfig.Consultation rule, Registry registry,
                              Collector<AlertTransition> out) {
        if (t == null) {
            return;
        }
        boolean building = "building".equals(rule.scope());
        String summary = t.kind() == Transition.Kind.FIRING
                ? (long) t.value() + " residents reported " + r.category + " in " + r.scope + " within "
                        + rule.within().toMinutes() + " min: for the consultation agenda"
                : "fewer than " + rule.reports() + " reports within " + rule.within().toMinutes() + " min";
        out.collect(AlertFactory.serviceAlert("consultation", Severity.INFO, "consultation|" + r.scope + "|" + r.category,
                r.category, r.community, r.grid, building ? r.building : null, null, t, summary, registry));
    }
}
