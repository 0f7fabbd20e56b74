package io.finegrid.jobs.lifecycle;

import io.finegrid.jobs.eventtime.WatermarkStall;
import io.finegrid.jobs.faults.LiveConfig;
import io.finegrid.jobs.hygiene.DeadLetters;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.jobs.registry.Registry;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.deadletter.DeadLetter;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The one writer of each alert's transitions, keyed by alertId: detectors' raises and clears,
 * people's acknowledgements and resolutions, and escalation up the chain of the responsibility
 * list, all in order and in checkpointed state. Decisions are {@link Lifecycle}'s; this class
 * keeps the record and the timers. Escalation runs in event time (a replay escalates the same),
 * with the wall clock taking over when event time stops, as the SLA clocks do.
 */
public final class AlertLifecycle extends KeyedBroadcastProcessFunction<String, AlertSignal, ConfigDocument, AlertTransition> {
    public static final OutputTag<DeadLetter> REFUSED = new OutputTag<>("refused-acks", TypeInformation.of(DeadLetter.class));
    /** An alert a person resolved while its detector still held it is forgotten after this long. */
    static final long FORGET_AFTER_MS = Duration.ofDays(30).toMillis();
    static final long FALLBACK_QUIET_MS = Duration.ofMinutes(1).toMillis();

    private final LiveConfig live;
    private transient ValueState<AlertRecord> state;
    private transient WatermarkStall stall;
    private transient Map<Lifecycle.Outcome, Counter> outcomes;

    public AlertLifecycle(ConfigTexts config) {
        this.live = new LiveConfig(config);
    }

    @Override
    public void open(OpenContext ctx) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("alert", Types.POJO(AlertRecord.class)));
        stall = new WatermarkStall();
        outcomes = new EnumMap<>(Lifecycle.Outcome.class);
        for (Lifecycle.Outcome o : Lifecycle.Outcome.values()) {
            outcomes.put(o, getRuntimeContext().getMetricGroup().counter("lifecycle_" + o.name().toLowerCase(java.util.Locale.ROOT)));
        }
    }

    @Override
    public void processElement(AlertSignal s, ReadOnlyContext ctx, Collector<AlertTransition> out) throws Exception {
        AlertRecord r = state.value();
        Lifecycle.Step step = switch (s.kind) {
            case DETECTED -> Lifecycle.detected(r, s.transition, chain(ctx.getBroadcastState(LiveConfig.DESCRIPTOR),
                    s.transition));
            case ACK -> Lifecycle.acknowledged(r, s.ack);
            case LINK -> Lifecycle.linked(r, s.requestId);
            case UNREADABLE -> throw new IllegalArgumentException("unreadable acknowledgements go to fg.dlq before keying");
        };
        if (step.outcome() == Lifecycle.Outcome.REFUSED) {
            ctx.output(REFUSED, DeadLetters.unknownAlert(s.ack, step.note()));
        }
        apply(r, step, ctx.timerService(), out);
    }

    @Override
    public void processBroadcastElement(ConfigDocument doc, Context ctx, Collector<AlertTransition> out) throws Exception {
        live.apply(ctx.getBroadcastState(LiveConfig.DESCRIPTOR), doc); // a new chain applies from the next level due
    }

    @Override
    public void onTimer(long timer, OnTimerContext ctx, Collector<AlertTransition> out) throws Exception {
        AlertRecord r = state.value();
        if (r == null) {
            return;
        }
        TimerService time = ctx.timerService();
        long at = timer;
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            stall.observe(time.currentWatermark(), timer);
            if (r.escalationDue == EscalationChain.NONE || time.currentWatermark() >= r.escalationDue) {
                return; // event time got there first, or nothing is due any more
            }
            long estimate = stall.estimate(timer, FALLBACK_QUIET_MS);
            if (estimate < r.escalationDue) {
                armFallback(r.escalationDue, time, timer);
                return;
            }
            at = r.escalationDue;
        } else if (r.closedByPerson()) {
            if (timer >= r.current.updatedAt() + FORGET_AFTER_MS) {
                state.clear();
            }
            return;
        }
        apply(r, Lifecycle.escalationDue(r, at, chain(ctx.getBroadcastState(LiveConfig.DESCRIPTOR), r.current)), time, out);
    }

    private EscalationChain chain(org.apache.flink.api.common.state.ReadOnlyBroadcastState<String, ConfigTexts> config,
                                  AlertTransition t) throws Exception {
        Registry registry = live.current(config).registry();
        return EscalationChain.of(registry, t.grid(), t.category());
    }

    private void apply(AlertRecord before, Lifecycle.Step step, TimerService time, Collector<AlertTransition> out)
            throws Exception {
        outcomes.get(step.outcome()).inc();
        if (step.publish() != null) {
            out.collect(step.publish());
        }
        AlertRecord keep = step.keep();
        long dueBefore = before == null ? EscalationChain.NONE : before.escalationDue;
        long dueAfter = keep == null ? EscalationChain.NONE : keep.escalationDue;
        if (dueBefore != dueAfter && dueBefore != EscalationChain.NONE) {
            time.deleteEventTimeTimer(dueBefore);
        }
        if (keep == null) {
            if (before != null && before.closedByPerson()) {
                time.deleteEventTimeTimer(before.current.updatedAt() + FORGET_AFTER_MS); // its detector let go first
            }
            state.clear();
            return;
        }
        if (keep != before) {
            state.update(keep);
        }
        if (dueAfter != dueBefore && dueAfter != EscalationChain.NONE) {
            time.registerEventTimeTimer(dueAfter);
            armFallback(dueAfter, time, time.currentProcessingTime());
        }
        if (keep.closedByPerson() && (before == null || !before.closedByPerson())) {
            time.registerEventTimeTimer(keep.current.updatedAt() + FORGET_AFTER_MS);
        }
    }

    /** A wall-clock check for when event time stops short of {@code due} (it does nothing while event time moves). */
    private void armFallback(long due, TimerService time, long now) {
        long wm = time.currentWatermark();
        stall.observe(wm, now);
        long wait = wm == Long.MIN_VALUE ? FALLBACK_QUIET_MS : Math.max(0, due - wm);
        time.registerProcessingTimeTimer(now + Math.max(wait, FALLBACK_QUIET_MS) + 1000);
    }
}
