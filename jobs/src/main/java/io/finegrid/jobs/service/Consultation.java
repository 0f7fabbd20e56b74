package io.finegrid.jobs.service;

import io.finegrid.jobs.faults.Transition;
import io.finegrid.model.config.ServicesConfig;
import java.util.Arrays;

/**
 * The consultation signal as a pure function: once {@code reports} distinct reporters have
 * reported the same category in the same scope within {@code within}, the matter belongs on the
 * community's consultation agenda. Fires at the report that makes the count; resolves when
 * reports age out of the window and the count falls below. Reports must come in event-time
 * order (the operator folds them as the watermark passes). A Flink POJO.
 */
public class Consultation {
    public long[] times = new long[4];
    public String[] reporters = new String[4];
    public int size;
    public boolean firing;
    public long startsAt;

    public record Step(Consultation state, Transition transition) {}

    public static Step onReport(ServicesConfig.Consultation rule, Consultation s, long ts, String reporter) {
        Consultation c = s == null ? new Consultation() : s;
        Transition aged = c.ageTo(rule, ts);
        if (c.size == c.times.length) {
            c.times = Arrays.copyOf(c.times, c.size * 2);
            c.reporters = Arrays.copyOf(c.reporters, c.size * 2);
        }
        c.times[c.size] = ts;
        c.reporters[c.size] = reporter;
        c.size++;
        if (!c.firing && c.distinct() >= rule.reports()) {
            c.firing = true;
            c.startsAt = ts;
            return new Step(c, new Transition(Transition.Kind.FIRING, ts, ts, c.distinct()));
        }
        return new Step(c, aged);
    }

    /** Event time reached {@code t}: reports older than the window leave it; may resolve. */
    public static Step advanceTo(ServicesConfig.Consultation rule, Consultation s, long t) {
        if (s == null) {
            return new Step(null, null);
        }
        Transition tr = s.ageTo(rule, t);
        return new Step(s.size == 0 && !s.firing ? null : s, tr);
    }

    /** When the oldest report leaves the window, or -1 with none. */
    public static long dueAt(ServicesConfig.Consultation rule, Consultation s) {
        return s == null || s.size == 0 ? -1 : s.times[0] + rule.within().toMillis();
    }

    private Transition ageTo(ServicesConfig.Consultation rule, long t) {
        long within = rule.within().toMillis();
        int drop = 0;
        while (drop < size && times[drop] + within <= t) {
            drop++;
        }
        if (drop == 0) {
            return null;
        }
        long leftAt = times[drop - 1] + within;
        System.arraycopy(times, drop, times, 0, size - drop);
        System.arraycopy(reporters, drop, reporters, 0, size - drop);
        size -= drop;
        if (firing && distinct() < rule.reports()) {
            firing = false;
            return new Transition(Transition.Kind.RESOLVED, startsAt, leftAt, distinct());
        }
        return null;
    }

    int distinct() {
        return (int) Arrays.stream(reporters, 0, size).distinct().count();
    }
}
