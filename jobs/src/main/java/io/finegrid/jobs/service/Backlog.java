package io.finegrid.jobs.service;

import io.finegrid.jobs.faults.Transition;
import java.util.HashMap;
import java.util.Map;

/**
 * The open requests of one grid and category, as a pure value: changes are applied in event-time
 * order; each minute closes with the {@code backlog} figures (open, breached, oldest age,
 * opened and resolved in the minute); more than {@code openPerGrid} open requests fire the
 * {@code backlog} alert, which resolves when they fall back to the limit. A Flink POJO.
 */
public class Backlog {
    /** Open requests: id to when it was opened. */
    public Map<String, Long> open = new HashMap<>();
    public Map<String, Boolean> breached = new HashMap<>();
    public long minute = Long.MIN_VALUE;
    public int openedInMinute;
    public int resolvedInMinute;
    public boolean firing;
    public long startsAt;

    /** One minute's figures, stamped with the minute's start. */
    public record Minute(long start, int open, int breached, long oldestAgeS, int opened, int resolved) {}

    public record Step(Transition transition, Minute closed) {}

    public static final long MINUTE = 60_000;

    /** Applies a change; closes the previous minute first when the change falls in a later one. */
    public Step apply(RequestChange c, int limit) {
        Minute closed = closeBefore(c.at);
        if (minute == Long.MIN_VALUE) {
            minute = Math.floorDiv(c.at, MINUTE) * MINUTE;
        }
        boolean wasOpen = open.containsKey(c.requestId);
        if (c.open) {
            open.put(c.requestId, c.openedAt);
            breached.put(c.requestId, c.breached);
            if (!wasOpen) {
                openedInMinute++;
            }
        } else if (wasOpen) {
            open.remove(c.requestId);
            breached.remove(c.requestId);
            resolvedInMinute++;
        }
        Transition t = null;
        if (!firing && open.size() > limit) {
            firing = true;
            startsAt = c.at;
            t = new Transition(Transition.Kind.FIRING, c.at, c.at, open.size());
        } else if (firing && open.size() <= limit) {
            firing = false;
            t = new Transition(Transition.Kind.RESOLVED, startsAt, c.at, open.size());
        }
        return new Step(t, closed);
    }

    /** Closes the current minute if event time {@code t} is past it; returns its figures, or null. */
    public Minute closeBefore(long t) {
        if (minute == Long.MIN_VALUE || t < minute + MINUTE) {
            return null;
        }
        long end = minute + MINUTE;
        long oldest = open.values().stream().mapToLong(Long::longValue).min().orElse(end);
        int nBreached = (int) breached.values().stream().filter(b -> b).count();
        Minute m = new Minute(minute, open.size(), nBreached, Math.max(0, (end - oldest) / 1000), openedInMinute,
                resolvedInMinute);
        openedInMinute = 0;
        resolvedInMinute = 0;
        // While requests are open every minute has figures; with none, the next change opens one.
        minute = open.isEmpty() ? Long.MIN_VALUE : Math.floorDiv(t, MINUTE) * MINUTE;
        return m;
    }

    /** When the current minute ends (a timer there writes its figures), or -1 when none is open. */
    public long minuteEnd() {
        return minute == Long.MIN_VALUE ? -1 : minute + MINUTE;
    }

    public boolean isEmpty() {
        return open.isEmpty() && !firing && minute == Long.MIN_VALUE;
    }
}
