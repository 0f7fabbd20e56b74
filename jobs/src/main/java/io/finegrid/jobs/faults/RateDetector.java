package io.finegrid.jobs.faults;

import io.finegrid.model.config.RulesConfig.RateRule;

/**
 * The rate rule as a plain function of its state and a reading (no Flink, no I/O; the state it
 * returns is the one it was given, advanced in place, see {@link #onSample}): fires on the reading
 * whose change from the previous reading,
 * scaled to a minute, exceeds {@code maxChangePerMinute}; resolves on the first reading whose
 * change is within the limit again. A reading not newer than the previous one (a duplicate or an
 * out-of-order arrival) changes nothing: a rate needs a forward step in time.
 */
public final class RateDetector {
    private RateDetector() {}

    /** The last reading and, while firing, when the episode started. */
    public static class State {
        public long lastTs;
        public double lastValue;
        public boolean firing;
        public long startsAt;

        public State() {}

        State(long lastTs, double lastValue, boolean firing, long startsAt) {
            this.lastTs = lastTs;
            this.lastValue = lastValue;
            this.firing = firing;
            this.startsAt = startsAt;
        }
    }

    public record Step(State state, Transition transition) {}

    public static double perMinute(double from, long fromTs, double to, long toTs) {
        return Math.abs(to - from) * 60_000.0 / (toTs - fromTs);
    }

    /**
     * The reading {@code v} at {@code ts} after state {@code s} (null: none yet). The state that
     * follows is {@code s} itself, changed in place (a new one only when there was none): it runs
     * for every reading of every device, and a new object each time lay elsewhere in memory than
     * the rest of the device's state, one more read from memory at the device's next reading.
     */
    public static Step onSample(RateRule rule, State s, long ts, double v) {
        if (s == null) {
            return new Step(new State(ts, v, false, 0), null);
        }
        if (ts <= s.lastTs) {
            return new Step(s, null);
        }
        double rate = perMinute(s.lastValue, s.lastTs, v, ts);
        boolean over = rate > rule.maxChangePerMinute();
        Transition t = null;
        if (over && !s.firing) {
            t = new Transition(Transition.Kind.FIRING, ts, ts, v);
            s.firing = true;
            s.startsAt = ts;
        } else if (!over && s.firing) {
            t = new Transition(Transition.Kind.RESOLVED, s.startsAt, ts, v);
            s.firing = false;
            s.startsAt = 0;
        }
        s.lastTs = ts;
        s.lastValue = v;
        return new Step(s, t);
    }

    /** The transition that closes an alert left open when its rule is retired at {@code at}, or null. */
    public static Transition closing(State s, long at) {
        return s != null && s.firing
                ? new Transition(Transition.Kind.RESOLVED, s.startsAt, Math.max(at, s.lastTs), s.lastValue) : null;
    }
}
