package io.finegrid.jobs.faults;

import io.finegrid.jobs.input.DeviceInput;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.jobs.registry.Registry;
import io.finegrid.jobs.rollup.Sample;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.config.RulesConfig.CompositeRule;
import io.finegrid.model.config.RulesConfig.CompositeRule.Condition;
import io.finegrid.model.config.RulesConfig.Rule;
import java.util.ArrayList;
import java.util.Map;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by building (community|building): the composite rules, which combine several devices of
 * one building, decided on arrival of the completing input. Fingerprint: rule + building.
 * (Rules scoped to a grid or the community are evaluated per building too, for now.)
 * Rule changes from {@code fg.config} apply as in {@link DeviceRules}.
 */
public final class ScopeRules extends KeyedBroadcastProcessFunction<String, DeviceInput, ConfigDocument, AlertTransition> {
    private static final MapStateDescriptor<String, CompositeDetector.State> STATES = new MapStateDescriptor<>(
            "composite", Types.STRING, Types.POJO(CompositeDetector.State.class));

    private final LiveConfig live;
    private transient Registry registry;
    private transient List<CompositeRule> composites;
    private transient MapState<String, CompositeDetector.State> states;

    public ScopeRules(ConfigTexts config) {
        this.live = new LiveConfig(config);
    }

    public static String buildingKey(DeviceInput in) {
        return in.community + "|" + in.building;
    }

    @Override
    public void open(OpenContext ctx) {
        states = getRuntimeContext().getMapState(STATES);
    }

    private void use(ActiveRules active) {
        registry = active.registry();
        composites = active.composites();
    }

    @Override
    public void processBroadcastElement(ConfigDocument doc, Context ctx, Collector<AlertTransition> out) throws Exception {
        LiveConfig.Change change = live.apply(ctx.getBroadcastState(LiveConfig.DESCRIPTOR), doc);
        if (!change.applied()) {
            return; // DeviceRules reports refused documents
        }
        use(change.after());
        ctx.applyToKeyedState(STATES, (key, byRule) -> {
            String[] where = key.split("\\|", 2);
            List<String> retired = new ArrayList<>();
            for (Map.Entry<String, CompositeDetector.State> e : byRule.entries()) {
                Rule was = change.before().rule(e.getKey());
                Rule is = change.after().rule(e.getKey());
                if (!RuleRetirement.keeps(was, is, null)) {
                    retired.add(e.getKey());
                    if (was instanceof CompositeRule c) {
                        Transition t = CompositeDetector.closing(e.getValue(), doc.ts());
                        emit(c, where[0], where[1], t, RuleRetirement.summary(was, is), out);
                    }
                }
            }
            for (String rule : retired) {
                byRule.remove(rule);
            }
        });
    }

    @Override
    public void processElement(DeviceInput in, ReadOnlyContext ctx, Collector<AlertTransition> out) throws Exception {
        use(live.current(ctx.getBroadcastState(LiveConfig.DESCRIPTOR)));
        String type = registry.deviceType(in.deviceId);
        for (CompositeRule rule : composites) {
            CompositeDetector.State st = states.get(rule.id());
            boolean touched = false;
            for (int i = 0; i < rule.all().size(); i++) {
                Boolean holds = holds(rule.all().get(i), type, in);
                if (holds == null) {
                    continue;
                }
                touched = true;
                CompositeDetector.Step a = CompositeDetector.advanceTo(rule, st, in.ts);
                emit(rule, in.community, in.building, a.transition(), out);
                CompositeDetector.Step b = CompositeDetector.onCondition(rule, a.state(), i, in.ts, holds);
                emit(rule, in.community, in.building, b.transition(), out);
                st = b.state();
            }
            if (touched) {
                states.put(rule.id(), st);
                long due = CompositeDetector.dueAt(rule, st);
                if (due >= 0) {
                    ctx.timerService().registerEventTimeTimer(due);
                }
            }
        }
    }

    /** Whether this input makes the condition hold (true), stop holding (false), or says nothing (null). */
    static Boolean holds(Condition c, String deviceType, DeviceInput in) {
        if (!"*".equals(c.deviceType()) && !c.deviceType().equals(deviceType)) {
            return null;
        }
        if (c.eventType() != null) {
            return in.kind == DeviceInput.Kind.EVENT && in.eventType == c.eventType() ? Boolean.TRUE : null;
        }
        if (in.kind != DeviceInput.Kind.READING) {
            return null;
        }
        for (int i = 0; i < in.metrics.length; i++) {
            if (in.metrics[i].equals(c.metric())) {
                double v = in.values[i];
                return c.above() != null ? v > c.above() : v < c.below();
            }
        }
        return null;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertTransition> out) throws Exception {
        use(live.current(ctx.getBroadcastState(LiveConfig.DESCRIPTOR)));
        String[] key = ctx.getCurrentKey().split("\\|", 2);
        for (CompositeRule rule : composites) {
            CompositeDetector.State st = states.get(rule.id());
            if (st == null) {
                continue;
            }
            CompositeDetector.Step s = CompositeDetector.advanceTo(rule, st, timestamp);
            emit(rule, key[0], key[1], s.transition(), out);
            if (s.state() == null) {
                states.remove(rule.id());
            }
        }
    }

    private void emit(CompositeRule rule, String community, String building, Transition t,
                      Collector<AlertTransition> out) {
        if (t != null) {
            emit(rule, community, building, t, (t.kind() == Transition.Kind.FIRING
                    ? "all " + rule.all().size() + " conditions within " + rule.within().toSeconds() + " s"
                    : "conditions no longer met") + " in building " + building, out);
        }
    }

    private void emit(CompositeRule rule, String community, String building, Transition t, String summary,
                      Collector<AlertTransition> out) {
        if (t != null) {
            Sample where = new Sample(community, registry.grid(building), building, null, null, null, 0, 0);
            out.collect(AlertFactory.buildingAlert(rule, where, t, summary, registry));
        }
    }
}
