package io.finegrid.jobs.faults;

import io.finegrid.jobs.hygiene.DeadLetters;
import io.finegrid.jobs.input.DeviceInput;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.config.ConfigUpdate;
import io.finegrid.jobs.registry.Registry;
import io.finegrid.jobs.rollup.DeviceMinutes;
import io.finegrid.jobs.rollup.EnrichedReading;
import io.finegrid.jobs.rollup.Sample;
import io.finegrid.jobs.status.DeviceStatusPoint;
import io.finegrid.jobs.wire.Lines;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.config.RulesConfig.EventRule;
import io.finegrid.model.config.RulesConfig.FlatlineRule;
import io.finegrid.model.config.RulesConfig.OfflineRule;
import io.finegrid.model.config.RulesConfig.RateRule;
import io.finegrid.model.config.RulesConfig.Rule;
import io.finegrid.model.config.RulesConfig.ThresholdRule;
import io.finegrid.model.deadletter.DeadLetter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by device: every device rule, decided on the arrival of the deciding message (no waiting
 * for a global watermark), in the device's own arrival order, which Kafka keeps per device. So a
 * replay at any speed gives the same transitions. Event-time timers decide what needs the passage
 * of time (a threshold held for {@code for}, a flatline window, a silent device, the end of a
 * rollup minute); a processing-time fallback catches a device whose whole community fell silent,
 * when no event time advances at all.
 *
 * <p>Also here, because it is per device: dropping duplicates (same {@code seq}), the
 * {@code telemetry_1m} minutes ({@link #ROLLUPS}), and {@code device_status} points
 * ({@link #STATUS_POINTS}). The decisions live in the detectors; this class keeps their state, all
 * of it in one {@link DeviceState} per device, and leaves when to ask the offline rules to
 * {@link OfflineClocks}. Rule changes arrive as broadcast documents.
 */
public final class DeviceRules extends KeyedBroadcastProcessFunction<String, DeviceInput, ConfigDocument, AlertTransition>
        implements CheckpointedFunction {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRules.class);
    /** Configuration documents that were refused, for {@code fg.dlq} (written by the first subtask only). */
    public static final OutputTag<DeadLetter> REJECTED_CONFIG = new OutputTag<>("rejected-config",
            TypeInformation.of(DeadLetter.class));
    /** {@code telemetry_1m} points, when the watermark closes a device's minute. */
    public static final OutputTag<String> ROLLUPS = new OutputTag<>("telemetry-1m", Lines.TYPE);
    /** Readings whose minute had closed: counted in no rollup, sent to {@code fg.dlq}. */
    public static final OutputTag<EnrichedReading> LATE_READINGS = new OutputTag<>("late-readings",
            Types.POJO(EnrichedReading.class));
    public static final OutputTag<String> STATUS_POINTS = new OutputTag<>("device-status", Lines.TYPE);
    /** A device heard from for the first time, or going on- or offline: for the grid's health. */
    public static final OutputTag<io.finegrid.jobs.health.GridSignal> PRESENCE = new OutputTag<>("presence",
            Types.POJO(io.finegrid.jobs.health.GridSignal.class));
    /** The inputs some composite rule may need (by device type), for {@link ScopeRules}; duplicates dropped. */
    public static final OutputTag<DeviceInput> COMPOSITE_INPUTS = new OutputTag<>("composite-inputs",
            TypeInformation.of(DeviceInput.class));
    /** Everything about a device is forgotten after this much event time without a message from it. */
    static final long FORGET_AFTER_MS = Duration.ofDays(7).toMillis();

    private static final ValueStateDescriptor<DeviceState> STATE = new ValueStateDescriptor<>("device",
            Types.POJO(DeviceState.class));

    private final LiveConfig live;
    private final long dedupHorizonMs;
    private transient Counter configApplied;
    private transient Counter configRejected;
    private transient Registry registry;
    private transient DeviceRuleSet rules;
    private transient Set<String> compositeTypes;
    private transient ActiveRules active;
    /**
     * Names the registry in use, so a device's identity is looked up again only after it changed:
     * random per start, so a stamp saved in state before a restart never matches.
     */
    private transient long registryStamp;
    private transient ValueState<DeviceState> state;
    /**
     * Whether {@link #state} hands out the stored object itself (the heap backend; during a
     * snapshot, a copy it has stored in place of the original), so that changes to it are stored
     * without an update(): a second hash lookup per message. Other backends (RocksDB) get update().
     */
    private transient boolean storedInPlace;
    /** The states by key in front of Flink's lookup, where states are stored in place; null elsewhere. */
    private transient DeviceStateIndex index;
    /** Where rollup lines are written before they become strings (one per subtask). */
    private transient StringBuilder lines;
    /** What {@link DeviceState#touch} read, kept only so that the reads are not dropped. */
    private transient long touched;
    /** The offline rules' clocks (one per subtask, new at every start: see {@link OfflineClocks#noteWatermark}). */
    private transient OfflineClocks offline;

    public DeviceRules(ConfigTexts config, long dedupHorizonMs) {
        this.live = new LiveConfig(config);
        this.dedupHorizonMs = dedupHorizonMs;
    }

    @Override
    public void open(OpenContext ctx) {
        configApplied = getRuntimeContext().getMetricGroup().counter("configApplied");
        configRejected = getRuntimeContext().getMetricGroup().counter("configRejected");
        state = getRuntimeContext().getState(STATE);
        storedInPlace = state.getClass().getName().equals("org.apache.flink.runtime.state.heap.HeapValueState");
        index = storedInPlace ? new DeviceStateIndex() : null;
        lines = new StringBuilder(256);
        offline = new OfflineClocks();
    }

    private void use(ActiveRules next) {
        if (next == active) {
            return;
        }
        active = next;
        registry = next.registry();
        rules = next.device();
        compositeTypes = next.compositeDeviceTypes();
        offline.use(rules);
        registryStamp = java.util.concurrent.ThreadLocalRandom.current().nextLong();
    }

    @Override
    public void processElement(DeviceInput in, ReadOnlyContext ctx, Collector<AlertTransition> out) throws Exception {
        if (active == null) { // the broadcast state changes only in processBroadcastElement, which uses the new rules
            use(live.current(ctx.getBroadcastState(LiveConfig.DESCRIPTOR)));
        }
        long now = ctx.timerService().currentProcessingTime(); // read once: two clock reads per message were 3% of this operator
        offline.noteWatermark(ctx.timerService().currentWatermark(), now);
        String key = ctx.getCurrentKey();
        DeviceState d = stateOf(key);
        boolean isNew = d == null;
        if (isNew) {
            d = new DeviceState();
        } else {
            touched += d.touch();
            d.adoptSavedMaps();
        }
        if (in.hasSeq()) {
            if (d.recentSeqs.contains(in.seq, in.ts, dedupHorizonMs)) {
                return; // a redelivery: everything it says was already said
            }
            d.recentSeqs.add(in.seq, in.ts, dedupHorizonMs);
        }
        Sample id = identityOf(in, d);
        long seenBefore = d.lastSeen;
        d.lastSeen = Math.max(seenBefore, in.ts);
        d.lastArrival = now;
        switch (in.kind) {
            case READING -> onReading(in, d, ctx, out);
            case EVENT -> onEvent(in, d, out);
            case STATUS -> onStatus(in, d, ctx);
        }
        boolean goingOffline = in.kind == DeviceInput.Kind.STATUS && !in.online;
        if (seenBefore == Long.MIN_VALUE) {
            ctx.output(PRESENCE, io.finegrid.jobs.health.GridSignal.device(id, !goingOffline, in.ts));
        }
        offline.onMessage(d, in.ts, goingOffline, ctx.timerService());
        if (d.forgetAt == 0) { // a new device (or one saved before forgetAt was kept)
            armForget(d, ctx);
        }
        keep(key, d, isNew);
        d.note();
        if (!compositeTypes.isEmpty() && (compositeTypes.contains("*") || compositeTypes.contains(d.deviceType))) {
            ctx.output(COMPOSITE_INPUTS, in);
        }
    }

    private void onReading(DeviceInput in, DeviceState d, ReadOnlyContext ctx, Collector<AlertTransition> out) {
        Sample id = d.device;
        String type = d.deviceType; // not id.deviceType: see DeviceState#deviceType
        long watermark = ctx.timerService().currentWatermark();
        if (!d.minutes.isEmpty() && d.minutes.firstEnd() <= watermark) {
            // Minutes the watermark passed since the device's last message: written now, without a timer.
            d.minutes.closeUpTo(watermark, lines, point -> ctx.output(ROLLUPS, point));
        }
        long minuteDue = d.minutes.add(id, in.ts, in.metrics, in.values, watermark);
        if (minuteDue == DeviceMinutes.LATE) {
            ctx.output(LATE_READINGS, new EnrichedReading(id, in.ts, in.metrics, in.values));
        } else if (minuteDue >= 0) {
            closeMinuteInTime(d, ctx);
        }
        if (in.ts < d.readingClock) {
            return; // older than what the rules already saw: it counts in the rollups only
        }
        d.readingClock = in.ts;
        // Indexed loops: the lists' iterators were a tenth of what this operator allocated.
        List<ThresholdRule> thresholds = rules.thresholds();
        List<RateRule> rates = rules.rates();
        List<FlatlineRule> flatlines = rules.flatlines();
        for (int i = 0; i < in.metrics.length; i++) {
            String metric = in.metrics[i];
            double v = in.values[i];
            for (int r = 0; r < thresholds.size(); r++) {
                ThresholdRule rule = thresholds.get(r);
                if (rule.metric().equals(metric) && rule.appliesTo(type)) {
                    // Most devices are not near any threshold: no state, and no lookup for it.
                    ThresholdState was = RuleStates.stateOf(d.thresholdStates, rule.id());
                    ThresholdDetector.Step a = ThresholdDetector.advanceTo(rule, was, in.ts);
                    emit(rule, id, a.transition(), AlertFactory.thresholdSummary(rule, metric, a.transition()), out);
                    ThresholdDetector.Step b = ThresholdDetector.onSample(rule, a.state(), in.ts, v);
                    emit(rule, id, b.transition(), AlertFactory.thresholdSummary(rule, metric, b.transition()), out);
                    d.thresholdStates = store(d, d.thresholdStates, rule.id(), b.state(), ThresholdDetector.dueAt(rule, b.state()), ctx);
                }
            }
            for (int r = 0; r < rates.size(); r++) {
                RateRule rule = rates.get(r);
                if (rule.metric().equals(metric) && rule.appliesTo(type)) {
                    RateDetector.Step s = RateDetector.onSample(rule, RuleStates.stateOf(d.rateStates, rule.id()), in.ts, v);
                    if (s.transition() != null) {
                        emit(rule, id, s.transition(), metric + " changing faster than " + rule.maxChangePerMinute()
                                + "/min", out);
                    }
                    d.rateStates = RuleStates.with(d.rateStates, rule.id(), s.state());
                }
            }
            for (int r = 0; r < flatlines.size(); r++) {
                FlatlineRule rule = flatlines.get(r);
                if (rule.metric().equals(metric) && rule.appliesTo(type)) {
                    FlatlineDetector.Step s = FlatlineDetector.onSample(rule, RuleStates.stateOf(d.flatlineStates, rule.id()), in.ts, v);
                    if (s.transition() != null) {
                        emit(rule, id, s.transition(), metric + " unchanged for " + rule.window().toMinutes() + " min", out);
                    }
                    d.flatlineStates = store(d, d.flatlineStates, rule.id(), s.state(), FlatlineDetector.dueAt(rule, s.state()), ctx);
                }
            }
        }
    }

    private void onEvent(DeviceInput in, DeviceState d, Collector<AlertTransition> out) {
        for (EventRule rule : rules.events()) {
            if (!rule.appliesTo(d.deviceType)) {
                continue;
            }
            EventDetector.Step s = EventDetector.onEvent(rule, RuleStates.stateOf(d.eventStates, rule.id()), in.ts, in.eventType, in.code);
            if (s.transition() != null) {
                emit(rule, d.device, s.transition(), in.eventType.wire() + (in.code == null ? "" : " " + in.code), out);
            }
            d.eventStates = store(d, d.eventStates, rule.id(), s.state(), -1, null);
        }
    }

    private void onStatus(DeviceInput in, DeviceState d, ReadOnlyContext ctx) {
        DeviceStatusPoint.Last before = d.lastStatus;
        DeviceStatusPoint.Last now = new DeviceStatusPoint.Last(in.online, in.batteryPct, in.ts);
        if (DeviceStatusPoint.changed(before, now)) {
            ctx.output(STATUS_POINTS, DeviceStatusPoint.of(d.device, now));
            if (before != null && before.online != now.online) {
                ctx.output(PRESENCE, io.finegrid.jobs.health.GridSignal.device(d.device, now.online, now.ts));
            }
        }
        if (before == null || in.ts >= before.ts) {
            d.lastStatus = now;
        }
    }

    /**
     * A document from {@code fg.config}. Every subtask applies it to its own copy of the broadcast
     * state; rules that still watch the same thing keep their state, the others are retired on
     * every device of this subtask: their open alerts resolve at the document's time.
     */
    @Override
    public void processBroadcastElement(ConfigDocument doc, Context ctx, Collector<AlertTransition> out) throws Exception {
        LiveConfig.Change change = live.apply(ctx.getBroadcastState(LiveConfig.DESCRIPTOR), doc);
        if (change.update() instanceof ConfigUpdate.Rejected r) {
            configRejected.inc();
            LOG.warn("fg.config {}/{} rejected, keeping the current configuration: {}", doc.kind(), doc.id(), r.detail());
            if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                ctx.output(REJECTED_CONFIG, DeadLetters.invalidConfig(doc, r.detail()));
            }
            return;
        }
        if (!change.applied()) {
            return;
        }
        configApplied.inc();
        LOG.info("fg.config {}/{} applied", doc.kind(), doc.id());
        ActiveRules before = change.before();
        ActiveRules after = change.after();
        use(after);
        ctx.applyToKeyedState(STATE, (key, byDevice) -> {
            DeviceState d = byDevice.value();
            if (d == null || d.device == null) {
                return;
            }
            d.adoptSavedMaps();
            String type = after.registry().deviceType(d.device.deviceId);
            Duration interval = after.registry().interval(d.device.deviceId);
            d.intervalMs = interval == null ? 0 : interval.toMillis();
            long at = Math.max(doc.ts(), d.lastSeen);
            d.thresholdStates = retire(d.thresholdStates, before, after, type, ThresholdDetector::closing, d.device, at, out);
            d.rateStates = retire(d.rateStates, before, after, type, RateDetector::closing, d.device, at, out);
            d.flatlineStates = retire(d.flatlineStates, before, after, type, FlatlineDetector::closing, d.device, at, out);
            d.eventStates = retire(d.eventStates, before, after, type, EventDetector::closing, d.device, at, out);
            d.offlineStates = retire(d.offlineStates, before, after, type, OfflineDetector::closing, d.device, at, out);
            offline.afterRuleChange(d, interval);
            byDevice.update(d);
        });
        if (index != null) {
            index.clear(); // the states were handed out by another path, which may have copied them
        }
    }

    /** Retires from {@code states} the rules the change does not keep; returns the states to keep (see RuleStates#with). */
    private <S> RuleStates<S> retire(RuleStates<S> states, ActiveRules before, ActiveRules after, String deviceType,
                                     BiFunction<S, Long, Transition> closing, Sample id, long at,
                                     Collector<AlertTransition> out) {
        return RuleStates.removeIf(states, (rule, st) -> {
            Rule was = before.rule(rule);
            Rule is = after.rule(rule);
            if (RuleRetirement.keeps(was, is, deviceType)) {
                return false;
            }
            if (was != null) {
                emit(was, id, closing.apply(st, at), RuleRetirement.summary(was, is), out);
            }
            return true;
        });
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertTransition> out) throws Exception {
        if (active == null) {
            use(live.current(ctx.getBroadcastState(LiveConfig.DESCRIPTOR)));
        }
        String key = ctx.getCurrentKey();
        DeviceState d = stateOf(key);
        if (d == null || d.device == null) {
            return;
        }
        touched += d.touch() + (d.offlineStates == null ? 0 : d.offlineStates.state.lastSeen); // timers feed the offline rules
        d.adoptSavedMaps();
        offline.noteWatermark(ctx.timerService().currentWatermark(), ctx.timerService().currentProcessingTime());
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            if (offline.onWallClock(timestamp, d, effects(ctx, out))) {
                closeMinuteInTime(d, ctx);
            }
            keep(key, d, false);
            return;
        }
        d.minutes.closeUpTo(timestamp, lines, point -> ctx.output(ROLLUPS, point));
        if (timestamp >= d.lastSeen + FORGET_AFTER_MS) {
            state.clear();
            if (index != null) {
                index.remove(key);
            }
            return;
        }
        if (timestamp == d.forgetAt) { // the device spoke since the week began: a week from its newest message
            armForget(d, ctx);
        }
        Sample id = d.device;
        // Most devices hold no threshold or flatline state: no lookup per rule for them.
        long ruleDue = Long.MAX_VALUE; // the earliest a rule still waits for, for the next timer
        for (int k = 0; k < rules.thresholds().size() && d.thresholdStates != null; k++) {
            ThresholdRule rule = rules.thresholds().get(k);
            ThresholdState st = RuleStates.stateOf(d.thresholdStates, rule.id());
            if (st != null) {
                ThresholdDetector.Step s = ThresholdDetector.advanceTo(rule, st, timestamp);
                emit(rule, id, s.transition(), AlertFactory.thresholdSummary(rule, rule.metric(), s.transition()), out);
                d.thresholdStates = RuleStates.with(d.thresholdStates, rule.id(), s.state());
                ruleDue = soonest(ruleDue, ThresholdDetector.dueAt(rule, s.state()));
            }
        }
        for (int k = 0; k < rules.flatlines().size() && d.flatlineStates != null; k++) {
            FlatlineRule rule = rules.flatlines().get(k);
            FlatlineDetector.State st = RuleStates.stateOf(d.flatlineStates, rule.id());
            if (st != null) {
                FlatlineDetector.Step s = FlatlineDetector.advanceTo(rule, st, timestamp);
                if (s.transition() != null) {
                    emit(rule, id, s.transition(), rule.metric() + " unchanged for " + rule.window().toMinutes() + " min",
                            out);
                }
                d.flatlineStates = RuleStates.with(d.flatlineStates, rule.id(), s.state());
                ruleDue = soonest(ruleDue, FlatlineDetector.dueAt(rule, s.state()));
            }
        }
        if (ruleDue != Long.MAX_VALUE) {
            armRuleTimer(d, ruleDue, ctx);
        }
        offline.onEventTime(d, timestamp, effects(ctx, out));
        closeMinuteInTime(d, ctx);
        keep(key, d, false);
    }

    /** The offline clocks' view of this call: its timers, and its outputs for their transitions. */
    private OfflineClocks.Effects effects(ReadOnlyContext ctx, Collector<AlertTransition> out) {
        return new OfflineClocks.Effects() {
            @Override
            public TimerService timers() {
                return ctx.timerService();
            }

            @Override
            public void offline(OfflineRule rule, Sample id, Transition t, String summary) {
                emit(rule, id, t, summary, out);
                boolean online = t.kind() == Transition.Kind.RESOLVED;
                ctx.output(STATUS_POINTS, DeviceStatusPoint.of(id, new DeviceStatusPoint.Last(online, Double.NaN, t.at())));
                ctx.output(PRESENCE, io.finegrid.jobs.health.GridSignal.device(id, online, t.at()));
            }
        };
    }

    /**
     * One timer forgets the device a week after its newest message, set once and moved on only
     * when it fires (hour-rounded). A timer per hour of messages, each left pending for the week,
     * kept 168 timers per device in Flink's timer heap in steady state, every one of which fired.
     */
    private static void armForget(DeviceState d, ReadOnlyContext ctx) {
        d.forgetAt = roundUp(d.lastSeen + FORGET_AFTER_MS, 3_600_000);
        ctx.timerService().registerEventTimeTimer(d.forgetAt);
    }

    /** The state of the device {@code key} (the current key), from the index where there is one. */
    private DeviceState stateOf(String key) throws java.io.IOException {
        if (index == null) {
            return state.value();
        }
        DeviceState d = index.get(key);
        if (d == null) {
            d = state.value(); // after a checkpoint began: Flink's own, a copy where the snapshot still reads it
            if (d != null) {
                index.put(key, d);
            }
        }
        return d;
    }

    /** Stores the device's state after it changed: a new one always, a changed one where the backend needs it. */
    private void keep(String key, DeviceState d, boolean isNew) throws java.io.IOException {
        if (isNew || !storedInPlace) {
            state.update(d);
            if (index != null) {
                index.put(key, d);
            }
        }
    }

    /**
     * A checkpoint begins: from now on the states Flink holds are the snapshot's until it is
     * written, and Flink hands out a copy at each device's next lookup. The index forgets them so
     * that every device takes that lookup (see {@link DeviceStateIndex}).
     */
    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        if (index != null) {
            index.clear();
        }
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        // Nothing of its own: every state is Flink's keyed state; the index starts empty.
    }

    /**
     * A closed minute's rollup is written at the device's first message or timer after the
     * watermark passes the minute's end. While the offline rules' clock runs, the minute needs
     * no timer of its own: either the device speaks again (its next reading writes the row), or it
     * falls silent and the offline rules' timer, due within the silence they allow, writes it.
     * Otherwise (no offline rule for the device, or it is offline) the minute gets a timer at its
     * end. A timer costs far more than a message here (Flink keeps timers in a heap per key group,
     * each registration a walk through it), and a reporting device used to take one per minute.
     * What the rollup holds does not change: a reading for a minute the watermark has passed is
     * late whether or not its row was written yet.
     */
    private static void closeMinuteInTime(DeviceState d, ReadOnlyContext ctx) {
        long end = d.minutes.firstEnd();
        if (end == Long.MAX_VALUE || end == d.minuteTimerAt) {
            return;
        }
        if (d.offlineClockRunning && d.offlineTimerAt > ctx.timerService().currentWatermark()) {
            return;
        }
        ctx.timerService().registerEventTimeTimer(end);
        d.minuteTimerAt = end;
    }

    /**
     * Keeps a rule's state (null: idle, dropped) and makes sure a timer comes by its due time, if
     * any; returns the states to keep (see RuleStates#with).
     */
    private static <S> RuleStates<S> store(DeviceState d, RuleStates<S> states, String rule, S st, long due,
                                           ReadOnlyContext ctx) {
        if (st != null && due >= 0) {
            armRuleTimer(d, due, ctx);
        }
        return RuleStates.with(states, rule, st);
    }

    /**
     * One pending timer at or before the earliest due time of the device's threshold and flatline
     * rules is enough: every timer of the device advances all of them, and {@link #onTimer} arms
     * the next. A timer per due time piled up where the due time moves with each reading (a
     * flatline's window restarts at every change of a noisy sensor: one more timer per reading,
     * sixty pending per device for a 30-minute window at 30 s), and each of them fired.
     */
    private static void armRuleTimer(DeviceState d, long due, ReadOnlyContext ctx) {
        if (d.ruleTimerAt > ctx.timerService().currentWatermark() && d.ruleTimerAt <= due) {
            return;
        }
        ctx.timerService().registerEventTimeTimer(due);
        d.ruleTimerAt = due;
    }

    /** The earlier of {@code soonest} and a rule's due time ({@code -1}: none). */
    private static long soonest(long soonest, long due) {
        return due >= 0 ? Math.min(soonest, due) : soonest;
    }

    private void emit(Rule rule, Sample id, Transition t, String summary, Collector<AlertTransition> out) {
        if (t != null) {
            out.collect(AlertFactory.deviceAlert(rule, id, t, summary, registry));
        }
    }


    /** The device as the registry knows it now; a new identity only when that changed (most messages: never). */
    private Sample identityOf(DeviceInput in, DeviceState d) {
        if (d.building != null && d.registryStamp == registryStamp
                && (d.building == in.building || d.building.equals(in.building))) {
            return d.device;
        }
        d.registryStamp = registryStamp;
        Duration interval = registry.interval(in.deviceId);
        d.intervalMs = interval == null ? 0 : interval.toMillis();
        String grid = registry.grid(in.building);
        String type = registry.deviceType(in.deviceId);
        Sample known = d.device;
        if (known == null || !known.building.equals(in.building) || !known.grid.equals(grid)
                || !known.deviceType.equals(type)) {
            d.device = new Sample(in.community, grid, in.building, in.deviceId, type, "", 0, 0);
        }
        d.building = in.building; // the decoder's one string per building, compared by reference at the next message
        d.deviceType = d.device.deviceType;
        return d.device;
    }

    private static long roundUp(long t, long unit) {
        return (t / unit + 1) * unit;
    }
}
