package io.finegrid.jobs.sink.influx;

import java.io.Serializable;

/**
 * Where and how the sink writes. {@code mode} V2 uses {@code /api/v2/write} (InfluxDB 2.x, 3.x,
 * 1.8+); V1 rewrites to {@code /write} for 1.x servers. {@code token} is either an API token or
 * {@code user:password} (1.x auth).
 */
public record InfluxSettings(String url, String database, String org, String token, Mode mode, int batchSize,
                             int maxAttempts, long firstBackoffMs) implements Serializable {
    public enum Mode { V1, V2 }

    @Override
    public String toString() {
        // Never print the token.
        return "InfluxSettings[url=" + url + ", database=" + database + ", mode=" + mode + ", batchSize=" + batchSize
                + ", maxAttempts=" + maxAttempts + "]";
    }
}
