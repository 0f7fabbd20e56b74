package io.finegrid.jobs.faults;

import io.finegrid.jobs.input.DeviceInput;
import io.finegrid.jobs.registry.ConfigTexts;
import io.finegrid.jobs.registry.Registry;
import io.finegrid.jobs.rollup.DeviceMinutes;
import io.finegrid.jobs.rollup.EnrichedReading;
import io.finegrid.jobs.rollup.Sample;
import io.finegrid.jobs.status.DeviceStatusPoint;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.deadletter.DeadLetter;
import io.finegrid.jobs.hygiene.DeadLetters;
import io.finegrid.jobs.registry.ConfigUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.finegrid.model.config.RulesConfig.EventRule;
import io.finegrid.model.config.RulesConfig.FlatlineRule;
import io.finegrid.model.config.RulesConfig.OfflineRule;
import io.finegrid.model.config.RulesConfig.RateRule;
import io.finegrid.model.config.RulesConfig.Rule;
import io.finegrid.model.config.RulesConfig.ThresholdRule;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by device: every device rule, decided on the arrival of the deciding message (no waiting
 * for a global watermark), in the device's own arrival order, which Kafka keeps per device. So a
 * replay at any speed gives the same transitions. Event-time timers decide what needs the passage
 * of time (a threshold held for {@code for}, a flatline window, a silent device); a
 * processing-time fallback catches a device whose whole community fell silent, when no event
 * time advances at all.
 *
 * <p>Also here, because it is per device: dropping duplicates (same {@code seq}), the enriched
 * samples for the rollups (side output {@link #SAMPLES}), and {@code device_status} points
 * ({@link #STATUS_POINTS}). The decisions live in the detectors; this class keeps their state.
 */
public final class DeviceRules extends KeyedBroadcastProcessFunction<String, DeviceInput, ConfigDocument, AlertTransition> {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRules.class);
    /** Configuration documents that were refused, for {@code fg.dlq} (written by the first subtask only). */
    public static final OutputTag<DeadLetter> REJECTED_CONFIG = new OutputTag<>("rejected-config",
            org.apache.flink.api.common.typeinfo.TypeInformation.of(DeadLetter.class));
    /** {@code telemetry_1m} points, when the watermark closes a device's minute. */
    public static final OutputTag<String> ROLLUPS = new OutputTag<>("telemetry-1m", Types.STRING);
    /** Readings whose minute had closed: counted in no rollup, sent to {@code fg.dlq}. */
    public static final OutputTag<EnrichedReading> LATE_READINGS = new OutputTag<>("late-readings",
            Types.POJO(EnrichedReading.class));
    public static final OutputTag<String> STATUS_POINTS = new OutputTag<>("device-status", Types.STRING);
    /** The inputs some composite rule may need (by device type), for {@link ScopeRules}; duplicates dropped. */
    public static final OutputTag<DeviceInput> COMPOSITE_INPUTS = new OutputTag<>("composite-inputs",
            org.apache.flink.api.common.typeinfo.TypeInformation.of(DeviceInput.class));
    /** Everything about a device is forgotten after this much event time without a message from it. */
    static final long FORGET_AFTER_MS = Duration.ofDays(7).toMillis();

    private static final ValueStateDescriptor<DeviceTrack> TRACK = new ValueStateDescriptor<>("track",
            Types.POJO(DeviceTrack.class));

    private final LiveConfig live;
    private final long dedupHorizonMs;
    private transient Counter configApplied;
    private transient Counter configRejected;
    private transient Registry registry;
    private transient DeviceRuleSet rules;
    private transient java.util.Set<String> compositeTypes;
    private transient ValueState<DeviceTrack> track;
    private transient ValueState<DeviceStatusPoint.Last> lastStatus;
    private transient MapState<String, ThresholdState> thresholds;
    private transient MapState<String, RateDetector.State> rates;
    private transient MapState<String, FlatlineDetector.State> flatlines;
    private transient MapState<String, EventDetector.State> events;
    private transient MapState<String, OfflineDetector.State> offlines;
    /** Message times (and whether the message said "going offline") not yet passed by the watermark. */
    /**
     * When this subtask last saw the watermark move (wall clock). Not state on purpose: after a
     * restart it begins at "now", so a recovery that replays a backlog is not taken for a silence.
     */
    private transient long watermarkSeen;
    private transient long watermarkMovedAt;

    public DeviceRules(ConfigTexts config, long dedupHorizonMs) {
        this.live = new LiveConfig(config);
        this.dedupHorizonMs = dedupHorizonMs;
    }

    @Override
    public void open(OpenContext ctx) {
        configApplied = getRuntimeContext().getMetricGroup().counter("configApplied");
        configRejected = getRuntimeContext().getMetricGroup().counter("configRejected");
        track = getRuntimeContext().getState(TRACK);
        lastStatus = getRuntimeContext().getState(new ValueStateDescriptor<>("last-status",
                Types.POJO(DeviceStatusPoint.Last.class)));
        thresholds = map("threshold", Types.STRING, Types.POJO(ThresholdState.class));
        rates = map("rate", Types.STRING, Types.POJO(RateDetector.State.class));
        flatlines = map("flatline", Types.STRING, Types.POJO(FlatlineDetector.State.class));
        events = map("event", Types.STRING, Types.POJO(EventDetector.State.class));
        offlines = map("offline", Types.STRING, Types.POJO(OfflineDetector.State.class));
        watermarkSeen = Long.MIN_VALUE;
        watermarkMovedAt = System.currentTimeMillis();
    }

    private <K, V> MapState<K, V> map(String name, TypeInformation<K> k, TypeInformation<V> v) {
        return getRuntimeContext().getMapState(new MapStateDescriptor<>(name, k, v));
    }

    @Override
    public void processElement(DeviceInput in, ReadOnlyContext ctx, Collector<AlertTransition> out) throws Exception {
        use(live.current(ctx.getBroadcastState(LiveConfig.DESCRIPTOR)));
        noteWatermark(ctx.timerService().currentWatermark());
        DeviceTrack tr = track.value();
        if (tr == null) {
            tr = new DeviceTrack();
        }
        if (in.hasSeq()) {
            if (tr.recentSeqs.contains(in.seq)) {
                return; // a redelivery: everything it says was already said
            }
            tr.recentSeqs.add(in.seq, in.ts, dedupHorizonMs);
        }
        Sample id = identityOf(in, tr);
        long seenBefore = tr.lastSeen;
        tr.lastSeen = Math.max(seenBefore, in.ts);
        tr.lastArrival = ctx.timerService().currentProcessingTime();
        boolean rulesSeeIt = in.kind != DeviceInput.Kind.READING || in.ts >= tr.readingClock;
        if (in.kind == DeviceInput.Kind.READING && rulesSeeIt) {
            tr.readingClock = in.ts;
        }
        // Offline is decided in event-time order, when the watermark passes each message: readings,
        // events and statuses travel in different topics, so their arrival order is not their
        // time order, and a gap is only a gap once nothing older can still arrive.
        boolean goingOffline = in.kind == DeviceInput.Kind.STATUS && !in.online;
        if (!rules.offlines().isEmpty() && registry.interval(in.deviceId) != null) {
            tr.pending.add(in.ts, goingOffline);
            // While the device's offline clock runs, the timer at its due time takes what is
            // pending (one timer per silence allowed, not one per message). A new device, an
            // offline one, and a Last Will need a timer of their own.
            if (goingOffline || !tr.offlineClockRunning) {
                ctx.timerService().registerEventTimeTimer(in.ts);
            }
        }
        // Forget the device a week after its newest message; hour-rounded, so only a message that
        // moves that hour registers a timer.
        long forget = roundUp(tr.lastSeen + FORGET_AFTER_MS, 3_600_000);
        if (seenBefore == Long.MIN_VALUE || forget != roundUp(seenBefore + FORGET_AFTER_MS, 3_600_000)) {
            ctx.timerService().registerEventTimeTimer(forget);
        }

        switch (in.kind) {
            case READING -> onReading(in, tr, rulesSeeIt, ctx, out);
            case EVENT -> onEvent(in, id, out);
            case STATUS -> onStatus(in, id, ctx);
        }
        track.update(tr);
        if (forwardsToComposites(id.deviceType)) {
            ctx.output(COMPOSITE_INPUTS, in);
        }
    }

    private boolean forwardsToComposites(String deviceType) {
        return compositeTypes.contains("*") || compositeTypes.contains(deviceType);
    }

    private void onReading(DeviceInput in, DeviceTrack tr, boolean rulesSeeIt, ReadOnlyContext ctx,
                           Collector<AlertTransition> out) throws Exception {
        Sample id = tr.device;
        EnrichedReading reading = new EnrichedReading(id, in.ts, in.metrics, in.values);
        long minuteDue = tr.minutes.add(reading, ctx.timerService().currentWatermark());
        if (minuteDue == DeviceMinutes.LATE) {
            ctx.output(LATE_READINGS, reading);
        } else if (minuteDue >= 0) {
            ctx.timerService().registerEventTimeTimer(minuteDue);
        }
        if (!rulesSeeIt) {
            return; // older than what the rules already saw: it counts in the rollups only
        }
        for (int i = 0; i < in.metrics.length; i++) {
            String metric = in.metrics[i];
            double v = in.values[i];
            for (ThresholdRule rule : rules.thresholds()) {
                if (rule.metric().equals(metric) && rule.appliesTo(id.deviceType)) {
                    ThresholdState before = thresholds.get(rule.id());
                    ThresholdDetector.Step a = ThresholdDetector.advanceTo(rule, before, in.ts);
                    emit(rule, id, a.transition(), AlertFactory.thresholdSummary(rule, metric, a.transition()), out);
                    ThresholdDetector.Step b = ThresholdDetector.onSample(rule, a.state(), in.ts, v);
                    emit(rule, id, b.transition(), AlertFactory.thresholdSummary(rule, metric, b.transition()), out);
                    store(thresholds, rule.id(), before, b.state(), ThresholdDetector.dueAt(rule, b.state()), ctx);
                }
            }
            for (RateRule rule : rules.rates()) {
                if (rule.metric().equals(metric) && rule.appliesTo(id.deviceType)) {
                    RateDetector.Step s = RateDetector.onSample(rule, rates.get(rule.id()), in.ts, v);
                    emit(rule, id, s.transition(), metric + " changing faster than " + rule.maxChangePerMinute() + "/min", out);
                    rates.put(rule.id(), s.state());
                }
            }
            for (FlatlineRule rule : rules.flatlines()) {
                if (rule.metric().equals(metric) && rule.appliesTo(id.deviceType)) {
                    FlatlineDetector.State before = flatlines.get(rule.id());
                    FlatlineDetector.Step s = FlatlineDetector.onSample(rule, before, in.ts, v);
                    emit(rule, id, s.transition(), metric + " unchanged for " + rule.window().toMinutes() + " min", out);
                    store(flatlines, rule.id(), before, s.state(), FlatlineDetector.dueAt(rule, s.state()), ctx);
                }
            }
        }
    }

    private void onEvent(DeviceInput in, Sample id, Collector<AlertTransition> out) throws Exception {
        for (EventRule rule : rules.events()) {
            if (!rule.appliesTo(id.deviceType)) {
                continue;
            }
            EventDetector.State st = events.get(rule.id());
            EventDetector.Step s = EventDetector.onEvent(rule, st, in.ts, in.eventType, in.code);
            String what = in.eventType.wire() + (in.code == null ? "" : " " + in.code);
            emit(rule, id, s.transition(), what, out);
            if (s.state() == null) {
                events.remove(rule.id());
            } else {
                events.put(rule.id(), s.state());
            }
        }
    }

    private void onStatus(DeviceInput in, Sample id, ReadOnlyContext ctx) throws Exception {
        DeviceStatusPoint.Last before = lastStatus.value();
        DeviceStatusPoint.Last now = new DeviceStatusPoint.Last(in.online, in.batteryPct, in.ts);
        if (DeviceStatusPoint.changed(before, now)) {
            ctx.output(STATUS_POINTS, DeviceStatusPoint.of(id, now));
        }
        if (before == null || in.ts >= before.ts) {
            lastStatus.update(now);
        }
    }

    private void use(ActiveRules active) {
        registry = active.registry();
        rules = active.device();
        compositeTypes = active.compositeDeviceTypes();
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
        ctx.applyToKeyedState(TRACK, (key, trackState) -> {
            DeviceTrack tr = trackState.value();
            if (tr == null || tr.device == null) {
                return;
            }
            Sample id = tr.device;
            String type = after.registry().deviceType(id.deviceId);
            long at = Math.max(doc.ts(), tr.lastSeen);
            retire(thresholds, before, after, type, ThresholdDetector::closing, id, at, out);
            retire(rates, before, after, type, RateDetector::closing, id, at, out);
            retire(flatlines, before, after, type, FlatlineDetector::closing, id, at, out);
            retire(events, before, after, type, EventDetector::closing, id, at, out);
            retire(offlines, before, after, type, OfflineDetector::closing, id, at, out);
            tr.offlineClockRunning = clockRunning();
            if (after.registry().interval(id.deviceId) == null || after.device().offlines().isEmpty()) {
                tr.pending = new PendingMessages(); // no longer a device the offline rules judge
            }
            trackState.update(tr);
        });
    }

    private <S> void retire(MapState<String, S> states, ActiveRules before, ActiveRules after, String deviceType,
                            BiFunction<S, Long, Transition> closing, Sample id, long at,
                            Collector<AlertTransition> out) throws Exception {
        List<String> retired = new ArrayList<>();
        for (Map.Entry<String, S> e : states.entries()) {
            Rule was = before.rule(e.getKey());
            Rule is = after.rule(e.getKey());
            if (!RuleRetirement.keeps(was, is, deviceType)) {
                retired.add(e.getKey());
                if (was != null) {
                    emit(was, id, closing.apply(e.getValue(), at), RuleRetirement.summary(was, is), out);
                }
            }
        }
        for (String rule : retired) {
            states.remove(rule);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertTransition> out) throws Exception {
        use(live.current(ctx.getBroadcastState(LiveConfig.DESCRIPTOR)));
        DeviceTrack tr = track.value();
        if (tr == null || tr.device == null) {
            return;
        }
        Sample id = tr.device;
        long t = timestamp;
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            // The fallback for when event time stops (a whole community silent, so no watermark
            // moves): only for a device that has really been quiet by the wall clock, and with
            // event time estimated from how long. While event time flows, the watermark decides.
            long silence = minSilence(id);
            noteWatermark(ctx.timerService().currentWatermark());
            if (silence == Long.MAX_VALUE || !tr.offlineClockRunning) {
                return;
            }
            long arrived = tr.lastArrival;
            if (timestamp - arrived < silence) { // the device spoke recently: look again when it may not have
                armFallback(tr, roundUp(arrived + silence + 1000, 1000), ctx);
                track.update(tr);
                return;
            }
            if (System.currentTimeMillis() - watermarkMovedAt < silence) { // event time moves: the watermark decides
                armFallback(tr, roundUp(timestamp + silence, 1000), ctx);
                track.update(tr);
                return;
            }
            t = Math.max(tr.lastSeen + (timestamp - arrived), ctx.timerService().currentWatermark());
            replayPendingMessages(tr, t, ctx, out);
            advanceOffline(tr, t, ctx, out);
            track.update(tr);
            return;
        }
        noteWatermark(ctx.timerService().currentWatermark());
        for (String point : tr.minutes.closeUpTo(timestamp)) {
            ctx.output(ROLLUPS, point);
        }
        if (timestamp >= tr.lastSeen + FORGET_AFTER_MS) {
            clearAll();
            return;
        }
        for (ThresholdRule rule : rules.thresholds()) {
            ThresholdState st = thresholds.get(rule.id());
            if (st != null) {
                ThresholdDetector.Step s = ThresholdDetector.advanceTo(rule, st, t);
                emit(rule, id, s.transition(), AlertFactory.thresholdSummary(rule, rule.metric(), s.transition()), out);
                thresholds.put(rule.id(), s.state());
            }
        }
        for (FlatlineRule rule : rules.flatlines()) {
            FlatlineDetector.State st = flatlines.get(rule.id());
            if (st != null) {
                FlatlineDetector.Step s = FlatlineDetector.advanceTo(rule, st, t);
                emit(rule, id, s.transition(), rule.metric() + " unchanged for " + rule.window().toMinutes() + " min", out);
                flatlines.put(rule.id(), s.state());
            }
        }
        replayPendingMessages(tr, t, ctx, out);
        advanceOffline(tr, t, ctx, out);
        track.update(tr);
    }

    /**
     * Feeds the offline rules every pending message up to event time {@code t}, oldest first;
     * then sets the timers for what comes next: the rules' due time, the next pending message,
     * and the wall-clock fallback.
     */
    private void replayPendingMessages(DeviceTrack tr, long t, ReadOnlyContext ctx, Collector<AlertTransition> out)
            throws Exception {
        PendingMessages pending = tr.pending;
        int n = pending.countUpTo(t);
        if (n < pending.size) {
            ctx.timerService().registerEventTimeTimer(pending.times[n]); // newer than t: taken when its time comes
        }
        Sample id = tr.device;
        Duration interval = registry.interval(id.deviceId);
        if (n == 0 || interval == null) {
            pending.dropFirst(n);
            return;
        }
        for (OfflineRule rule : rules.offlines()) {
            if (!rule.appliesTo(id.deviceType)) {
                continue;
            }
            OfflineDetector.State st = offlines.get(rule.id());
            for (int i = 0; i < n; i++) {
                long m = pending.times[i];
                OfflineDetector.Step a = OfflineDetector.advanceTo(rule, interval, st, m);
                emitOffline(rule, id, a.transition(), interval, ctx, out);
                OfflineDetector.Step b = OfflineDetector.onMessage(rule, interval, a.state(), m, pending.offline[i]);
                emitOffline(rule, id, b.transition(), interval, ctx, out);
                st = b.state();
            }
            offlines.put(rule.id(), st);
            long next = OfflineDetector.dueAt(rule, interval, st);
            if (next >= 0) {
                ctx.timerService().registerEventTimeTimer(next);
                // If event time stops (the whole community silent), processing time still moves.
                armFallback(tr, roundUp(ctx.timerService().currentProcessingTime()
                        + OfflineDetector.silenceAllowed(rule, interval) + 1000, 1000), ctx);
            }
        }
        pending.dropFirst(n);
        tr.offlineClockRunning = clockRunning();
    }

    /**
     * Keeps one wall-clock fallback timer armed: a new one only when none is pending. One that
     * fires early looks at the device and re-arms itself for when it may be silent.
     */
    private static void armFallback(DeviceTrack tr, long at, ReadOnlyContext ctx) {
        if (tr.fallbackAt <= ctx.timerService().currentProcessingTime()) {
            ctx.timerService().registerProcessingTimeTimer(at);
            tr.fallbackAt = at;
        }
    }

    private boolean clockRunning() throws Exception {
        for (OfflineDetector.State st : offlines.values()) {
            if (st != null && !st.firing) {
                return true;
            }
        }
        return false;
    }

    private void emitOffline(OfflineRule rule, Sample id, Transition t, Duration interval, ReadOnlyContext ctx,
                             Collector<AlertTransition> out) {
        if (t == null) {
            return;
        }
        emit(rule, id, t, t.kind() == Transition.Kind.FIRING
                ? "no message for " + rule.missed() + " intervals of " + interval.toSeconds() + " s"
                : "device reports again", out);
        ctx.output(STATUS_POINTS, DeviceStatusPoint.of(id, new DeviceStatusPoint.Last(
                t.kind() == Transition.Kind.RESOLVED, Double.NaN, t.at())));
    }

    private void advanceOffline(DeviceTrack tr, long t, ReadOnlyContext ctx, Collector<AlertTransition> out)
            throws Exception {
        if (!tr.offlineClockRunning) {
            return;
        }
        Sample id = tr.device;
        for (OfflineRule rule : rules.offlines()) {
            OfflineDetector.State st = offlines.get(rule.id());
            Duration interval = registry.interval(id.deviceId);
            if (st != null && interval != null) {
                OfflineDetector.Step s = OfflineDetector.advanceTo(rule, interval, st, t);
                emitOffline(rule, id, s.transition(), interval, ctx, out);
                offlines.put(rule.id(), s.state());
            }
        }
        tr.offlineClockRunning = clockRunning();
    }

    private <S> void store(MapState<String, S> m, String rule, S before, S state, long due, ReadOnlyContext ctx)
            throws Exception {
        if (state == null) {
            if (before != null) {
                m.remove(rule);
            }
            return;
        }
        m.put(rule, state);
        if (due >= 0) {
            ctx.timerService().registerEventTimeTimer(due);
        }
    }

    private void emit(Rule rule, Sample id, Transition t, String summary, Collector<AlertTransition> out) {
        if (t != null) {
            out.collect(AlertFactory.deviceAlert(rule, id, t, summary, registry));
        }
    }

    /** The device as the registry knows it now; stored only when that changed (most messages: never). */
    private Sample identityOf(DeviceInput in, DeviceTrack tr) {
        String grid = registry.grid(in.building);
        String type = registry.deviceType(in.deviceId);
        Sample known = tr.device;
        if (known != null && known.building.equals(in.building) && known.grid.equals(grid)
                && known.deviceType.equals(type)) {
            return known;
        }
        Sample id = new Sample(in.community, grid, in.building, in.deviceId, type, "", 0, 0);
        tr.device = id;
        return id;
    }

    private void noteWatermark(long wm) {
        if (wm > watermarkSeen) {
            watermarkSeen = wm;
            watermarkMovedAt = System.currentTimeMillis();
        }
    }

    private long minSilence(Sample id) {
        Duration interval = registry.interval(id.deviceId);
        long min = Long.MAX_VALUE;
        for (OfflineRule rule : rules.offlines()) {
            if (interval != null && rule.appliesTo(id.deviceType)) {
                min = Math.min(min, OfflineDetector.silenceAllowed(rule, interval));
            }
        }
        return min;
    }

    private static long roundUp(long t, long unit) {
        return (t / unit + 1) * unit;
    }

    private void clearAll() {
        track.clear();
        lastStatus.clear();
        thresholds.clear();
        rates.clear();
        flatlines.clear();
        events.clear();
        offlines.clear();
    }
}
