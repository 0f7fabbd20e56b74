package io.finegrid.jobs.faults;

import io.finegrid.model.config.RulesConfig.EventRule;
import io.finegrid.model.device.EventType;

/**
 * The event rule as a pure function: an event of the rule's type (and, when the rule lists
 * codes, one of its codes) fires the alert; an event of type {@code clearOn} resolves it (when
 * the rule lists codes, only with the firing code or with no code). Without {@code clearOn} the
 * alert stays firing until a person resolves it. A repeat while firing changes nothing.
 */
public final class EventDetector {
    private EventDetector() {}

    public static class State {
        public long startsAt;
        public String code;

        public State() {}

        State(long startsAt, String code) {
            this.startsAt = startsAt;
            this.code = code;
        }
    }

    public record Step(State state, Transition transition) {}

    public static Step onEvent(EventRule rule, State s, long ts, EventType type, String code) {
        if (s == null) {
            boolean matches = type == rule.eventType() && (rule.codes().isEmpty() || rule.codes().contains(code));
            return matches ? new Step(new State(ts, code), new Transition(Transition.Kind.FIRING, ts, ts, Double.NaN))
                    : new Step(null, null);
        }
        boolean clears = rule.clearOn() != null && type == rule.clearOn() && ts >= s.startsAt
                && (rule.codes().isEmpty() || code == null || code.equals(s.code));
        return clears ? new Step(null, new Transition(Transition.Kind.RESOLVED, s.startsAt, ts, Double.NaN))
                : new Step(s, null);
    }

    /** The transition that closes an alert left open when its rule is retired at {@code at}, or null. */
    public static Transition closing(State s, long at) {
        return s != null ? new Transition(Transition.Kind.RESOLVED, s.startsAt, Math.max(at, s.startsAt), Double.NaN) : null;
    }
}
