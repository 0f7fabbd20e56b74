package io.finegrid.jobs.faults;

import io.finegrid.jobs.input.DeviceInput;
import io.finegrid.jobs.registry.ConfigTexts;
import io.finegrid.jobs.registry.Registry;
import io.finegrid.jobs.rollup.Sample;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.config.RulesConfig.CompositeRule;
import io.finegrid.model.config.RulesConfig.CompositeRule.Condition;
import io.finegrid.model.config.RulesConfig.Rule;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by building (community|building): the composite rules, which combine several devices of
 * one building, decided on arrival of the completing input. Fingerprint: rule + building.
 * (Rules scoped to a grid or the community are evaluated per building too, for now.)
 */
public final class ScopeRules extends KeyedProcessFunction<String, DeviceInput, AlertTransition> {
    private final ConfigTexts config;
    private transient Registry registry;
    private transient List<CompositeRule> composites;
    private transient MapState<String, CompositeDetector.State> states;

    public ScopeRules(ConfigTexts config) {
        this.config = config;
    }

    public static String buildingKey(DeviceInput in) {
        return in.community + "|" + in.building;
    }

    @Override
    public void open(OpenContext ctx) {
        registry = new Registry(config.parse());
        composites = new ArrayList<>();
        for (Rule r : registry.config().rules().rules()) {
            if (r instanceof CompositeRule c) {
                composites.add(c);
            }
        }
        states = getRuntimeContext().getMapState(new MapStateDescriptor<>("composite", Types.STRING,
                Types.POJO(CompositeDetector.State.class)));
    }

    @Override
    public void processElement(DeviceInput in, Context ctx, Collector<AlertTransition> out) throws Exception {
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
                emit(rule, in, a.transition(), out);
                CompositeDetector.Step b = CompositeDetector.onCondition(rule, a.state(), i, in.ts, holds);
                emit(rule, in, b.transition(), out);
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
        String[] key = ctx.getCurrentKey().split("\\|", 2);
        for (CompositeRule rule : composites) {
            CompositeDetector.State st = states.get(rule.id());
            if (st == null) {
                continue;
            }
            CompositeDetector.Step s = CompositeDetector.advanceTo(rule, st, timestamp);
            if (s.transition() != null) {
                DeviceInput where = new DeviceInput();
                where.community = key[0];
                where.building = key[1];
                emit(rule, where, s.transition(), out);
            }
            if (s.state() == null) {
                states.remove(rule.id());
            }
        }
    }

    private void emit(CompositeRule rule, DeviceInput in, Transition t, Collector<AlertTransition> out) {
        if (t != null) {
            Sample where = new Sample(in.community, registry.grid(in.building), in.building, null, null, null, 0, 0);
            out.collect(AlertFactory.buildingAlert(rule, where, t, (t.kind() == Transition.Kind.FIRING
                    ? "all " + rule.all().size() + " conditions within " + rule.within().toSeconds() + " s"
                    : "conditions no longer met") + " in building " + in.building, registry));
        }
    }
}
