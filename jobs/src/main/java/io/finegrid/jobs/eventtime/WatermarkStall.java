package io.finegrid.jobs.eventtime;

/**
 * When event time stops. A community where nothing at all is said any more has no watermark that
 * moves, yet some clocks (an SLA, an escalation) must still run out: this tracks, per subtask, when
 * the watermark last moved by the wall clock, and estimates event time from the wall clock once it
 * has stood still long enough. Not state: after a restart the watermark counts as just moved, so
 * a restart is never taken for a silence.
 */
public final class WatermarkStall {
    private long seen = Long.MIN_VALUE;
    private long movedAt = Long.MIN_VALUE;

    /** Notes the watermark {@code wm} seen at wall-clock time {@code now}. */
    public void observe(long wm, long now) {
        if (wm > seen || movedAt == Long.MIN_VALUE) {
            seen = wm;
            movedAt = now;
        }
    }

    /**
     * Event time as the wall clock has it, once the watermark has not moved for {@code quietMs};
     * {@code Long.MIN_VALUE} while it still moves (its own timers decide then) or before any watermark.
     */
    public long estimate(long now, long quietMs) {
        if (movedAt == Long.MIN_VALUE || seen == Long.MIN_VALUE || now - movedAt < quietMs) {
            return Long.MIN_VALUE;
        }
        return seen + (now - movedAt);
    }
}
