package io.finegrid.jobs.faults;

import io.finegrid.model.config.RulesConfig.OfflineRule;
import java.time.Duration;

/**
 * The offline rule as plain functions of its state and a message or a time (no Flink, no I/O;
 * only {@link #afterQuietMessages} advances the state it is given in place): a device that reports
 * every {@code interval} is offline
 * once {@code missed} intervals have passed since its last message (any kind: reading, event,
 * status); the alert starts at {@code lastSeen + missed * interval} and resolves at the next
 * message. A status message with {@code online=false} (the MQTT Last Will) makes the device
 * offline at once. Messages must be fed in event-time order (the operator replays them as the
 * watermark passes), since a gap is only a gap once nothing older can still arrive.
 */
public final class OfflineDetector {
    private OfflineDetector() {}

    public static class State {
        public long lastSeen;
        public boolean firing;
        public long startsAt;

        public State() {}

        State(long lastSeen, boolean firing, long startsAt) {
            this.lastSeen = lastSeen;
            this.firing = firing;
            this.startsAt = startsAt;
        }
    }

    public record Step(State state, Transition transition) {}

    public static long silenceAllowed(OfflineRule rule, Duration interval) {
        return rule.missed() * interval.toMillis();
    }

    /** Event time reached {@code t}: fire if the device has been silent long enough. */
    public static Step advanceTo(OfflineRule rule, Duration interval, State s, long t) {
        if (s == null || s.firing) {
            return new Step(s, null);
        }
        long due = s.lastSeen + silenceAllowed(rule, interval);
        if (t < due) {
            return new Step(s, null);
        }
        return new Step(new State(s.lastSeen, true, due), new Transition(Transition.Kind.FIRING, due, due, Double.NaN));
    }

    /** A message at {@code ts}; {@code goingOffline} for a Last Will / online=false status. */
    public static Step onMessage(OfflineRule rule, Duration interval, State s, long ts, boolean goingOffline) {
        if (s != null && ts < s.lastSeen) {
            return new Step(s, null); // an older message says nothing about now
        }
        if (goingOffline) {
            if (s != null && s.firing) {
                return new Step(new State(ts, true, s.startsAt), null);
            }
            return new Step(new State(ts, true, ts), new Transition(Transition.Kind.FIRING, ts, ts, Double.NaN));
        }
        if (s != null && s.firing) {
            return new Step(new State(ts, false, 0), new Transition(Transition.Kind.RESOLVED, s.startsAt, ts, Double.NaN));
        }
        return new Step(new State(ts, false, 0), null);
    }

    /**
     * The state after {@code times[from..to)} (ascending, none going offline) are fed, one
     * {@link #advanceTo} and {@link #onMessage} each, when none of them finds the device silent
     * long enough: the newest message is all that changes. Null when one does, or the device is
     * not known or offline (then they are fed one by one). A reporting device has a dozen
     * messages to feed at each timer during a fast replay, and this is their common case. The
     * state returned is {@code s}, its {@code lastSeen} moved on in place: a new object at every
     * timer lay elsewhere in memory than the rest of the device's state.
     */
    public static State afterQuietMessages(OfflineRule rule, Duration interval, State s, long[] times, int from, int to) {
        if (s == null || s.firing) {
            return null;
        }
        long silence = silenceAllowed(rule, interval);
        long last = s.lastSeen;
        for (int i = from; i < to; i++) {
            if (times[i] >= last + silence) {
                return null;
            }
            last = Math.max(last, times[i]);
        }
        s.lastSeen = last;
        return s;
    }

    public static long dueAt(OfflineRule rule, Duration interval, State s) {
        return s == null || s.firing ? -1 : s.lastSeen + silenceAllowed(rule, interval);
    }

    /**
     * The earliest time the rule can fire, given messages at {@code times[from..to)} (ascending, not
     * fed yet, {@code goingOffline} flags alongside, null when none is) that will be fed before it: -1 when it is
     * firing. Each of those messages within the allowed silence of the one before pushes the time
     * on; messages still to arrive can only shorten a silence, never lengthen one, so no timer
     * before this time can find the device offline. A going-offline message ends the chain (it
     * decides at its own time).
     */
    public static long earliestDue(OfflineRule rule, Duration interval, State s, long[] times, boolean[] goingOffline,
                                   int from, int to) {
        if (s == null || s.firing) {
            return -1;
        }
        long silence = silenceAllowed(rule, interval);
        long last = s.lastSeen;
        for (int i = from; i < to && (goingOffline == null || !goingOffline[i]) && times[i] < last + silence; i++) {
            last = Math.max(last, times[i]);
        }
        return last + silence;
    }

    /** The transition that closes an alert left open when its rule is retired at {@code at}, or null. */
    public static Transition closing(State s, long at) {
        return s != null && s.firing
                ? new Transition(Transition.Kind.RESOLVED, s.startsAt, Math.max(at, s.startsAt), Double.NaN) : null;
    }
}
