package io.finegrid.jobs.faults;

import io.finegrid.model.config.RulesConfig.CompositeRule;
import java.util.Arrays;

/**
 * The composite rule as a pure function. Each condition remembers when it last held: an event
 * condition at the event's time; a metric condition at the last reading past its level, and it
 * stops holding at a reading that is not. The alert fires at the input that makes every condition
 * hold within {@code within} of each other (starting at the earliest of them) and resolves once
 * {@code within} has passed since the last time any condition held.
 */
public final class CompositeDetector {
    static final long NEVER = Long.MIN_VALUE;

    private CompositeDetector() {}

    public static class State {
        public long[] lastHeld;
        public boolean firing;
        public long startsAt;

        public State() {}

        State(long[] lastHeld, boolean firing, long startsAt) {
            this.lastHeld = lastHeld;
            this.firing = firing;
            this.startsAt = startsAt;
        }
    }

    public record Step(State state, Transition transition) {}

    /** Condition {@code i} held ({@code holds}) or, for a metric condition, stopped holding at {@code ts}. */
    public static Step onCondition(CompositeRule rule, State s, int i, long ts, boolean holds) {
        long[] last = s == null ? newLast(rule) : s.lastHeld.clone();
        if (holds) {
            last[i] = Math.max(last[i], ts);
        } else if (last[i] != NEVER && ts >= last[i]) {
            last[i] = NEVER;
        }
        boolean firing = s != null && s.firing;
        long startsAt = s == null ? 0 : s.startsAt;
        if (!firing && allWithin(rule, last)) {
            // Stamped with when the last condition held, not with the input that completed the set:
            // events and readings arrive by different topics, in either order.
            long start = Arrays.stream(last).min().orElseThrow();
            long at = Arrays.stream(last).max().orElseThrow();
            return new Step(new State(last, true, start), new Transition(Transition.Kind.FIRING, start, at, Double.NaN));
        }
        return new Step(new State(last, firing, startsAt), null);
    }

    /** Event time reached {@code t}: resolve (or forget) once nothing has held for {@code within}. */
    public static Step advanceTo(CompositeRule rule, State s, long t) {
        if (s == null) {
            return new Step(null, null);
        }
        long quietFrom = latest(s.lastHeld);
        if (quietFrom != NEVER && t < quietFrom + rule.within().toMillis()) {
            return new Step(s, null);
        }
        long at = quietFrom == NEVER ? t : quietFrom + rule.within().toMillis();
        return new Step(null, s.firing ? new Transition(Transition.Kind.RESOLVED, s.startsAt, at, Double.NaN) : null);
    }

    public static long dueAt(CompositeRule rule, State s) {
        long quietFrom = s == null ? NEVER : latest(s.lastHeld);
        return quietFrom == NEVER ? -1 : quietFrom + rule.within().toMillis();
    }

    private static boolean allWithin(CompositeRule rule, long[] last) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long l : last) {
            if (l == NEVER) {
                return false;
            }
            min = Math.min(min, l);
            max = Math.max(max, l);
        }
        return max - min <= rule.within().toMillis();
    }

    private static long latest(long[] last) {
        return Arrays.stream(last).max().orElse(NEVER);
    }

    private static long[] newLast(CompositeRule rule) {
        long[] l = new long[rule.all().size()];
        Arrays.fill(l, NEVER);
        return l;
    }

    /** The transition that closes an alert left open when its rule is retired at {@code at}, or null. */
    public static Transition closing(State s, long at) {
        return s != null && s.firing
                ? new Transition(Transition.Kind.RESOLVED, s.startsAt, Math.max(at, s.startsAt), Double.NaN) : null;
    }
}
