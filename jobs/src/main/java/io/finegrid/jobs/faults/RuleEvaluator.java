package io.finegrid.jobs.faults;

import io.finegrid.jobs.registry.ConfigTexts;
import io.finegrid.jobs.registry.Registry;
import io.finegrid.jobs.rollup.Sample;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.config.RulesConfig.Rule;
import io.finegrid.model.config.RulesConfig.ThresholdRule;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by device: feeds each sample (in event-time order) to the threshold rules that apply and
 * turns their transitions into alerts. Thin on purpose: the decisions are in
 * {@link ThresholdDetector}. State per device: one entry per rule that is breaching or firing.
 */
public final class RuleEvaluator extends KeyedProcessFunction<String, Sample, AlertTransition> {
    private final ConfigTexts config;
    private transient Registry registry;
    private transient List<ThresholdRule> thresholds;
    private transient MapState<String, ThresholdState> states;
    private transient ValueState<Sample> device;

    public RuleEvaluator(ConfigTexts config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext ctx) {
        registry = new Registry(config.parse());
        thresholds = new ArrayList<>();
        for (Rule r : registry.config().rules().rules()) {
            if (r instanceof ThresholdRule t) {
                thresholds.add(t);
            }
        }
        states = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("threshold", Types.STRING, Types.POJO(ThresholdState.class)));
        device = getRuntimeContext().getState(new ValueStateDescriptor<>("device", Types.POJO(Sample.class)));
    }

    @Override
    public void processElement(Sample s, Context ctx, Collector<AlertTransition> out) throws Exception {
        for (ThresholdRule rule : thresholds) {
            if (!rule.metric().equals(s.metric) || !rule.appliesTo(s.deviceType)) {
                continue;
            }
            ThresholdState st = states.get(rule.id());
            ThresholdDetector.Step step = ThresholdDetector.advanceTo(rule, st, s.ts);
            emit(rule, s, step, out);
            step = ThresholdDetector.onSample(rule, step.state(), s.ts, s.value);
            emit(rule, s, step, out);
            store(rule, step.state(), ctx);
        }
        // The device's identity is kept only while a rule needs it for a timer-driven alert.
        if (states.isEmpty()) {
            device.clear();
        } else {
            device.update(s);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertTransition> out) throws Exception {
        Sample s = device.value();
        for (ThresholdRule rule : thresholds) {
            ThresholdState st = states.get(rule.id());
            if (st == null) {
                continue;
            }
            ThresholdDetector.Step step = ThresholdDetector.advanceTo(rule, st, timestamp);
            emit(rule, s, step, out);
            store(rule, step.state(), ctx);
        }
        if (states.isEmpty()) {
            device.clear();
        }
    }

    private void store(ThresholdRule rule, ThresholdState st, Context ctx) throws Exception {
        if (st == null) {
            states.remove(rule.id());
            return;
        }
        states.put(rule.id(), st);
        long due = ThresholdDetector.dueAt(rule, st);
        if (due >= 0) {
            ctx.timerService().registerEventTimeTimer(due);
        }
    }

    private void emit(ThresholdRule rule, Sample s, ThresholdDetector.Step step, Collector<AlertTransition> out) {
        Transition t = step.transition();
        if (t != null) {
            out.collect(AlertFactory.deviceAlert(rule, s, t, AlertFactory.thresholdSummary(rule, rule.metric(), t),
                    registry));
        }
    }
}
