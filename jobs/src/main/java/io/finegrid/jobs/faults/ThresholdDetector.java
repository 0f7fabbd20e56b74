package io.finegrid.jobs.faults;

import io.finegrid.model.config.RulesConfig.ThresholdRule;

/**
 * The threshold rule as a pure function of (state, reading) and (state, time). Readings must come
 * in event-time order (the orderer guarantees it). The condition holds from the first breaching
 * reading until a reading that does not breach; the alert fires when it has held for
 * {@code holdFor} (at exactly {@code breachSince + holdFor}), and resolves only when a reading
 * crosses the {@code clear} level, so values wandering around the threshold do not flap.
 */
public final class ThresholdDetector {
    private ThresholdDetector() {}

    /** The new state (null: idle) and the transition it caused (null: none). */
    public record Step(ThresholdState state, Transition transition) {}

    /** Event time has reached {@code t}: fire if the breach has now held long enough. */
    public static Step advanceTo(ThresholdRule rule, ThresholdState s, long t) {
        if (s == null || s.firing) {
            return new Step(s, null);
        }
        long due = s.breachSince + rule.holdFor().toMillis();
        if (t < due) {
            return new Step(s, null);
        }
        return new Step(new ThresholdState(s.breachSince, true, s.lastValue),
                new Transition(Transition.Kind.FIRING, s.breachSince, due, s.lastValue));
    }

    /** A reading at {@code ts} with value {@code v}; call {@link #advanceTo} with {@code ts} first. */
    public static Step onSample(ThresholdRule rule, ThresholdState s, long ts, double v) {
        if (s != null && s.firing) {
            if (rule.clears(v)) {
                return new Step(null, new Transition(Transition.Kind.RESOLVED, s.breachSince, ts, v));
            }
            return new Step(new ThresholdState(s.breachSince, true, v), null);
        }
        if (!rule.breaches(v)) {
            return new Step(null, null);
        }
        ThresholdState next = new ThresholdState(s == null ? ts : s.breachSince, false, v);
        return advanceTo(rule, next, ts);
    }

    /** When the timer for a pending breach should go off, or -1 when none is pending. */
    public static long dueAt(ThresholdRule rule, ThresholdState s) {
        return s == null || s.firing ? -1 : s.breachSince + rule.holdFor().toMillis();
    }

    /** The transition that closes an alert left open when its rule is retired at {@code at}, or null. */
    public static Transition closing(ThresholdState s, long at) {
        return s != null && s.firing
                ? new Transition(Transition.Kind.RESOLVED, s.breachSince, Math.max(at, s.breachSince), s.lastValue) : null;
    }
}
