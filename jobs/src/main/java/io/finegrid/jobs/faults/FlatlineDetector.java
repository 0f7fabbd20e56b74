package io.finegrid.jobs.faults;

import io.finegrid.model.config.RulesConfig.FlatlineRule;

/**
 * The flatline rule (a stuck sensor) as a pure function: the metric has kept exactly the same
 * value for {@code window} of event time. Fires at {@code since + window} (decided by the first
 * reading at or past it, or by the event-time timer); resolves at the first reading with another
 * value. Older readings (out of order, duplicates) change nothing.
 */
public final class FlatlineDetector {
    private FlatlineDetector() {}

    public static class State {
        public double value;
        public long since;
        public long lastTs;
        public boolean firing;

        public State() {}

        State(double value, long since, long lastTs, boolean firing) {
            this.value = value;
            this.since = since;
            this.lastTs = lastTs;
            this.firing = firing;
        }
    }

    public record Step(State state, Transition transition) {}

    public static Step advanceTo(FlatlineRule rule, State s, long t) {
        if (s == null || s.firing || t < s.since + rule.window().toMillis()) {
            return new Step(s, null);
        }
        long at = s.since + rule.window().toMillis();
        return new Step(new State(s.value, s.since, s.lastTs, true),
                new Transition(Transition.Kind.FIRING, s.since, at, s.value));
    }

    public static Step onSample(FlatlineRule rule, State s, long ts, double v) {
        if (s == null) {
            return new Step(new State(v, ts, ts, false), null);
        }
        if (ts <= s.lastTs) {
            return new Step(s, null);
        }
        if (Double.compare(v, s.value) != 0) {
            Transition t = s.firing ? new Transition(Transition.Kind.RESOLVED, s.since, ts, v) : null;
            return new Step(new State(v, ts, ts, false), t);
        }
        return advanceTo(rule, new State(s.value, s.since, ts, s.firing), ts);
    }

    public static long dueAt(FlatlineRule rule, State s) {
        return s == null || s.firing ? -1 : s.since + rule.window().toMillis();
    }

    /** The transition that closes an alert left open when its rule is retired at {@code at}, or null. */
    public static Transition closing(State s, long at) {
        return s != null && s.firing
                ? new Transition(Transition.Kind.RESOLVED, s.since, Math.max(at, s.lastTs), s.value) : null;
    }
}
