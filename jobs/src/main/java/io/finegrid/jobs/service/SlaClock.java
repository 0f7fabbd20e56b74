package io.finegrid.jobs.service;

import java.time.Duration;

/**
 * The two clocks of the public service list, as a pure function of the request at event time
 * {@code t}: {@code sla-respond} is breached from {@code openedAt + respond} until someone takes
 * the request on; {@code sla-resolve} from {@code episodeStart + resolve} until the work is
 * finished (a reopening starts a new episode). Both stop when the request is closed.
 */
public final class SlaClock {
    private SlaClock() {}

    /** Whether a clock is breached at the time asked, since when, and when it was (or will be) due. */
    public record Verdict(boolean breached, long due) {}

    public static Verdict respond(RequestView v, Duration limit, long t) {
        long due = v.openedAt + limit.toMillis();
        boolean caughtUp = v.respondedAt != RequestView.NEVER && v.respondedAt <= t;
        return new Verdict(t >= due && !caughtUp && v.open(), due);
    }

    public static Verdict resolve(RequestView v, Duration limit, long t) {
        long due = v.episodeStart + limit.toMillis();
        return new Verdict(t >= due && v.open(), due);
    }
}
