package io.finegrid.jobs.faults;

import io.finegrid.jobs.rollup.Sample;
import io.finegrid.model.config.RulesConfig.OfflineRule;
import java.time.Duration;
import org.apache.flink.streaming.api.TimerService;

/**
 * The offline rules' clocks for the devices of one {@link DeviceRules} subtask: when a device's
 * messages are fed to {@link OfflineDetector} (in event-time order, once the watermark has passed
 * them), which timers that takes, and the wall-clock fallback for when event time stops. The
 * decisions are the detector's; this class only decides when to ask it. Everything it keeps per
 * device is in {@link DeviceState}; what it keeps here (when the watermark last moved) is not
 * state on purpose, see {@link #noteWatermark}.
 */
final class OfflineClocks {
    /** Event time counts as stopped only once the watermark has stood still this long (and the device's silence). */
    static final long FALLBACK_QUIET_MS = Duration.ofMinutes(1).toMillis();
    /** After a (re)start, event time gets this long to come back before silence is judged by the wall clock. */
    static final long RESTART_GRACE_MS = Duration.ofMinutes(1).toMillis();

    /** What the clocks act on, handed by the operator at each call: its timers and outputs. */
    interface Effects {
        TimerService timers();

        /**
         * An offline rule's transition of the device: the alert, and the device going offline
         * or coming back (its {@code device_status} point and the grid's health).
         */
        void offline(OfflineRule rule, Sample id, Transition t, String summary);
    }

    private DeviceRuleSet rules;
    /**
     * When this subtask last saw the watermark move (wall clock). After a restart it begins at
     * "now", so a recovery that replays a backlog is not taken for a silence.
     */
    private long watermarkSeen = Long.MIN_VALUE;
    private long watermarkMovedAt = Long.MIN_VALUE; // set at the first message or timer: "now" (by the timer service's clock)
    /** When this subtask (re)started (wall clock). */
    private long openedAt = Long.MIN_VALUE;

    void use(DeviceRuleSet rules) {
        this.rules = rules;
    }

    /** Wall-clock times come from the timer service (the machine's clock; a test harness's own). */
    void noteWatermark(long wm, long now) {
        if (openedAt == Long.MIN_VALUE) {
            openedAt = now;
            watermarkMovedAt = now;
        }
        if (wm > watermarkSeen) {
            watermarkSeen = wm;
            watermarkMovedAt = now;
        }
    }

    /**
     * A message from the device at {@code ts}. Offline is decided in event-time order, when the
     * watermark passes each message: readings, events and statuses travel in different topics, so
     * their arrival order is not their time order, and a gap is only a gap once nothing older can
     * still arrive.
     */
    void onMessage(DeviceState d, long ts, boolean goingOffline, TimerService timers) {
        if (rules.offlines().isEmpty() || d.intervalMs <= 0) {
            return;
        }
        d.pending.add(ts, goingOffline);
        // While the device's offline clock runs, the timer at its due time takes what is
        // pending (one timer per silence allowed, not one per message). A new device, an
        // offline one, and a Last Will need a timer of their own, at each message: when event
        // time stood still while the device reported and then jumps past its last message,
        // these timers are what write the minutes it passed (one timer at the oldest pending
        // message left them unwritten; DeviceRulesTest#minutesTheWatermarkJumpsOverAfterTheLastReadingAreAllWritten).
        if (goingOffline || !d.offlineClockRunning) {
            timers.registerEventTimeTimer(ts);
        }
    }

    /** Event time reached {@code t}: feeds what is pending up to it, fires what is due, arms the next timer. */
    void onEventTime(DeviceState d, long t, Effects fx) {
        replayPendingMessages(d, t, fx);
        advance(d, t, fx);
        armTimer(d, t, fx.timers());
        wakeForPendingMessages(d, fx.timers());
    }

    /**
     * The fallback for when event time stops (a whole community silent, so no watermark moves):
     * only for a device that has really been quiet by the wall clock, and with event time
     * estimated from how long. While event time flows, the watermark decides. Whether it judged
     * the device (its clocks then moved on).
     */
    boolean onWallClock(long now, DeviceState d, Effects fx) {
        long silence = minSilence(d);
        if (silence == Long.MAX_VALUE || !d.offlineClockRunning) {
            return false;
        }
        TimerService timers = fx.timers();
        if (now - d.lastArrival < silence) { // the device spoke recently: look again when it may not have
            armFallback(d, roundUp(d.lastArrival + silence + 1000, 1000), timers);
        } else if (now - watermarkMovedAt < Math.max(silence, FALLBACK_QUIET_MS)) {
            // Event time moves, or stood still only briefly (a checkpoint, a pause under load): it decides.
            armFallback(d, roundUp(now + Math.max(silence, FALLBACK_QUIET_MS), 1000), timers);
        } else if (timers.currentWatermark() == Long.MIN_VALUE
                && now - openedAt < RESTART_GRACE_MS) {
            // Just (re)started: no watermark yet, because the sources are still catching up, not
            // because the community fell silent. Judging now would take the downtime for silence.
            armFallback(d, roundUp(openedAt + RESTART_GRACE_MS, 1000), timers);
        } else {
            long t = Math.max(d.lastSeen + (now - d.lastArrival), timers.currentWatermark());
            replayPendingMessages(d, t, fx);
            advance(d, t, fx);
            armTimer(d, timers.currentWatermark(), timers);
            wakeForPendingMessages(d, timers);
            return true;
        }
        return false;
    }

    /**
     * The rules or the device's interval changed ({@code interval} null: it has none now): its
     * clocks are worked out again at the next timer.
     */
    void afterRuleChange(DeviceState d, Duration interval) {
        d.offlineClockRunning = d.anyOfflineClockRunning();
        d.offlineDueAt = 0;
        if (interval == null || rules.offlines().isEmpty()) {
            d.pending = new PendingMessages(); // no longer a device the offline rules judge
        }
    }

    /**
     * Feeds the offline rules every pending message up to event time {@code t}, oldest first.
     * Feeding a message at a later timer than its own time decides the same: the rules take the
     * messages in time order and ask, before each, whether the silence before it was long enough.
     */
    private void replayPendingMessages(DeviceState d, long t, Effects fx) {
        PendingMessages pending = d.pending;
        int n = pending.countUpTo(t);
        Sample id = d.device;
        Duration interval = d.interval();
        if (n == 0 || interval == null) {
            pending.dropFirst(n);
            return;
        }
        for (int k = 0; k < rules.offlines().size(); k++) {
            OfflineRule rule = rules.offlines().get(k);
            if (!rule.appliesTo(id.deviceType)) {
                continue;
            }
            OfflineDetector.State st = RuleStates.stateOf(d.offlineStates, rule.id());
            OfflineDetector.State quiet = pending.offline == null
                    ? OfflineDetector.afterQuietMessages(rule, interval, st, pending.times, 0, n) : null;
            if (quiet != null) {
                st = quiet;
            } else {
                for (int i = 0; i < n; i++) {
                    long m = pending.times[i];
                    OfflineDetector.Step a = OfflineDetector.advanceTo(rule, interval, st, m);
                    emit(rule, id, a.transition(), interval, fx);
                    OfflineDetector.Step b = OfflineDetector.onMessage(rule, interval, a.state(), m, pending.goingOffline(i));
                    emit(rule, id, b.transition(), interval, fx);
                    st = b.state();
                }
            }
            d.offlineStates = RuleStates.with(d.offlineStates, rule.id(), st);
            if (!st.firing) {
                // If event time stops (the whole community silent), processing time still moves.
                armFallback(d, roundUp(fx.timers().currentProcessingTime()
                        + OfflineDetector.silenceAllowed(rule, interval) + 1000, 1000), fx.timers());
            }
        }
        pending.dropFirst(n);
        d.offlineClockRunning = d.anyOfflineClockRunning();
        d.offlineDueAt = 0; // worked out again by advance
    }

    /**
     * Event time reached {@code t}, every pending message up to it fed: fires the offline rules
     * that are due, and works out when they are next due, counting the messages still pending.
     */
    private void advance(DeviceState d, long t, Effects fx) {
        if (!d.offlineClockRunning || t < d.offlineDueAt) {
            return;
        }
        Duration interval = d.interval();
        PendingMessages pending = d.pending;
        long due = Long.MAX_VALUE;
        for (int k = 0; k < rules.offlines().size(); k++) {
            OfflineRule rule = rules.offlines().get(k);
            OfflineDetector.State st = RuleStates.stateOf(d.offlineStates, rule.id());
            if (st != null && interval != null) {
                OfflineDetector.Step s = OfflineDetector.advanceTo(rule, interval, st, t);
                emit(rule, d.device, s.transition(), interval, fx);
                d.offlineStates = RuleStates.with(d.offlineStates, rule.id(), s.state());
                long next = OfflineDetector.earliestDue(rule, interval, s.state(), pending.times, pending.offline, 0,
                        pending.size);
                if (next >= 0) {
                    due = Math.min(due, next);
                }
            }
        }
        d.offlineDueAt = due;
        d.offlineClockRunning = d.anyOfflineClockRunning();
    }

    /**
     * Keeps one timer at the offline rules' next due time. Only a timer at {@code now} is used up:
     * one still pending at or before the due time stays, and looks again when it fires.
     */
    private static void armTimer(DeviceState d, long now, TimerService timers) {
        long due = d.offlineDueAt;
        if (!d.offlineClockRunning || due <= 0 || due == Long.MAX_VALUE
                || (d.offlineTimerAt > now && d.offlineTimerAt <= due)) {
            return;
        }
        timers.registerEventTimeTimer(due);
        d.offlineTimerAt = due;
    }

    /**
     * While an offline clock runs, its due-time timer takes the messages still pending. Once
     * none runs (the device went offline, or never had a message fed), the oldest pending message
     * needs a timer of its own, or the device would stay offline until a later timer.
     */
    private static void wakeForPendingMessages(DeviceState d, TimerService timers) {
        if (!d.offlineClockRunning && !d.pending.isEmpty()) {
            timers.registerEventTimeTimer(d.pending.times[0]);
        }
    }

    /**
     * Keeps one wall-clock fallback timer armed: a new one only when none is pending. One that
     * fires early looks at the device and re-arms itself for when it may be silent.
     */
    private static void armFallback(DeviceState d, long at, TimerService timers) {
        if (d.fallbackAt <= timers.currentProcessingTime()) {
            timers.registerProcessingTimeTimer(at);
            d.fallbackAt = at;
        }
    }

    private static void emit(OfflineRule rule, Sample id, Transition t, Duration interval, Effects fx) {
        if (t != null) {
            fx.offline(rule, id, t, t.kind() == Transition.Kind.FIRING
                    ? "no message for " + rule.missed() + " intervals of " + interval.toSeconds() + " s"
                    : "device reports again");
        }
    }

    /** The shortest silence any offline rule allows the device, with the interval they are fed with. */
    private long minSilence(DeviceState d) {
        Sample id = d.device;
        Duration interval = d.interval();
        long min = Long.MAX_VALUE;
        for (int k = 0; k < rules.offlines().size(); k++) {
            OfflineRule rule = rules.offlines().get(k);
            if (interval != null && rule.appliesTo(id.deviceType)) {
                min = Math.min(min, OfflineDetector.silenceAllowed(rule, interval));
            }
        }
        return min;
    }

    private static long roundUp(long t, long unit) {
        return (t / unit + 1) * unit;
    }
}
