package io.finegrid.alerting.notify;

/** How long to wait before attempt {@code n + 1} after {@code n} failed: doubling from {@code baseMs}, at most {@code maxMs}. */
public record Backoff(long baseMs, long maxMs, int maxAttempts) {
    public long delayAfter(int failedAttempts) {
        long d = baseMs << Math.min(30, Math.max(0, failedAttempts - 1));
        return Math.min(d, maxMs);
    }

    public boolean mayRetry(int failedAttempts) {
        return failedAttempts < maxAttempts;
    }
}
