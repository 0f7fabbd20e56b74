package io.finegrid.jobs.sink.influx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets one batch of points into InfluxDB, whatever happens on the way. A server that cannot be
 * reached or answers 5xx is retried with backoff (doubling, at most 10 s) for up to the retry
 * budget; the caller blocks meanwhile, which back-pressures the job instead of growing a buffer.
 * A batch the server refuses (400: a malformed point, a field type conflict) is split in halves
 * until the refused points stand alone: they are handed back, every other point is written (a
 * point written twice overwrites itself). A configuration error (401, 403, 404) fails at once.
 * Plain Java: the writes are a function given to it.
 */
final class BatchDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(BatchDelivery.class);
    static final long MAX_BACKOFF_MS = 10_000;

    /** How one write attempt went. */
    record Attempt(Outcome outcome, String detail) {
        static final Attempt OK = new Attempt(Outcome.OK, null);
    }

    enum Outcome { OK, RETRY, REFUSED, FATAL }

    /** A point InfluxDB refused on its own, and why. */
    record Refused(String line, String reason) {}

    @FunctionalInterface
    interface Target {
        Attempt write(List<String> lines) throws InterruptedException;
    }

    @FunctionalInterface
    interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    private final Target target;
    private final Sleeper sleeper;
    private final LongSupplier clock;
    private final long budgetMs;
    private final long firstBackoffMs;
    private long retries;

    BatchDelivery(Target target, Sleeper sleeper, LongSupplier clock, long budgetMs, long firstBackoffMs) {
        this.target = target;
        this.sleeper = sleeper;
        this.clock = clock;
        this.budgetMs = budgetMs;
        this.firstBackoffMs = firstBackoffMs;
    }

    /** Writes {@code lines}; returns the points refused on their own (every other one was written). */
    List<Refused> deliver(List<String> lines) throws IOException, InterruptedException {
        List<Refused> refused = new ArrayList<>();
        deliver(lines, refused);
        return refused;
    }

    private void deliver(List<String> lines, List<Refused> refused) throws IOException, InterruptedException {
        if (lines.isEmpty()) {
            return;
        }
        Attempt a = attempt(lines);
        if (a.outcome() == Outcome.OK) {
            return;
        }
        if (lines.size() == 1) {
            refused.add(new Refused(lines.get(0), a.detail()));
            return;
        }
        int half = lines.size() / 2;
        deliver(lines.subList(0, half), refused);
        deliver(lines.subList(half, lines.size()), refused);
    }

    /** One write, retried while the server is away; OK or REFUSED. */
    private Attempt attempt(List<String> lines) throws IOException, InterruptedException {
        long giveUpAt = clock.getAsLong() + budgetMs;
        long backoff = firstBackoffMs;
        for (int n = 1; ; n++) {
            Attempt a = target.write(lines);
            switch (a.outcome()) {
                case OK, REFUSED -> {
                    return a;
                }
                case FATAL -> throw new IOException("InfluxDB refuses this sink's writes (fix the settings): " + a.detail());
                case RETRY -> {
                    if (clock.getAsLong() + backoff > giveUpAt) {
                        throw new IOException("InfluxDB write of " + lines.size() + " points still failing after "
                                + n + " attempts in " + budgetMs / 1000 + " s; last: " + a.detail());
                    }
                    retries++;
                    LOG.warn("InfluxDB write of {} points failed (attempt {}), retrying in {} ms: {}", lines.size(), n,
                            backoff, a.detail());
                    sleeper.sleep(backoff);
                    backoff = Math.min(Math.max(1, backoff * 2), MAX_BACKOFF_MS);
                }
                default -> throw new IllegalStateException(a.outcome().name());
            }
        }
    }

    long retries() {
        return retries;
    }
}
