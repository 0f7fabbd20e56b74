package io.finegrid.jobs.sink.influx;

import java.io.Serializable;
import java.time.Duration;

/**
 * Where and how the sink writes. {@code mode} V2 uses {@code /api/v2/write} (InfluxDB 2.x, 3.x,
 * 1.8+); V1 rewrites to {@code /write} for 1.x servers. {@code token} is either an API token or
 * {@code user:password} (1.x auth). {@code retryBudgetMs}: how long one batch is retried while
 * the server is away before the write (and with it the checkpoint) fails. {@code retention}: the
 * database's (bucket's) retention, set at start when {@code ensureDatabase}; null leaves it.
 */
public record InfluxSettings(String url, String database, String org, String token, Mode mode, int batchSize,
                             long retryBudgetMs, long firstBackoffMs, boolean ensureDatabase, Duration retention)
        implements Serializable {
    public enum Mode { V1, V2 }

    @Override
    public String toString() {
        // Never print the token.
        return "InfluxSettings[url=" + url + ", database=" + database + ", mode=" + mode + ", batchSize=" + batchSize
                + ", retryBudget=" + retryBudgetMs / 1000 + "s, retention=" + (retention == null ? "unchanged" : retention)
                + "]";
    }
}
