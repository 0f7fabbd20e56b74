package io.finegrid.jobs.sink.influx;

import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes InfluxDB line-protocol points.
 *
 * <p>Delivery guarantee: at-least-once. Points are buffered and written in batches; every
 * checkpoint flushes the buffer and a flush that still fails after the retry budget fails the
 * checkpoint, so no point Flink has checkpointed past is lost. A point the server refuses on its
 * own (malformed, a field type conflict) is isolated by splitting its batch, counted
 * ({@code influxPointsRefused}) and logged; the rest of the batch is written. Points carry deterministic
 * event-time timestamps, so the repeats a recovery replays overwrite the same series and time:
 * the result in InfluxDB is effectively exactly-once. The buffer is bounded by {@code batchSize}:
 * while InfluxDB is down the writer blocks in retries, which back-pressures the job instead of
 * growing the heap.
 */
public final class InfluxSink implements Sink<String> {
    private final InfluxSettings settings;

    private InfluxSink(InfluxSettings settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
        return new InfluxWriter(settings, context.metricGroup());
    }

    public InfluxSettings settings() {
        return settings;
    }

    public static final class Builder {
        private String url;
        private String database;
        private String org = "finegrid";
        private String token = "";
        private InfluxSettings.Mode mode = InfluxSettings.Mode.V2;
        private int batchSize = 5000;
        private long retryBudgetMs = java.time.Duration.ofMinutes(5).toMillis();
        private long firstBackoffMs = 200;
        private boolean ensureDatabase = true;
        private java.time.Duration retention;

        public Builder url(String url) {
            this.url = url;
            return this;
        }

        public Builder database(String database) {
            this.database = database;
            return this;
        }

        public Builder org(String org) {
            this.org = org;
            return this;
        }

        /** An API token, or {@code user:password} for 1.x authentication. */
        public Builder token(String token) {
            this.token = token == null ? "" : token;
            return this;
        }

        public Builder mode(InfluxSettings.Mode mode) {
            this.mode = mode;
            return this;
        }

        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /**
         * How long a batch is retried while InfluxDB cannot be reached before the write fails
         * (and with it the checkpoint, so the job restarts from the last one); the first pause.
         * Keep the budget below the checkpoint timeout (Flink's default: 10 min).
         */
        public Builder retryFor(java.time.Duration budget, long firstBackoffMs) {
            this.retryBudgetMs = budget.toMillis();
            this.firstBackoffMs = firstBackoffMs;
            return this;
        }

        /** Whether each writer creates the database (bucket) when missing and sets its retention (default: yes). */
        public Builder ensureDatabase(boolean ensure) {
            this.ensureDatabase = ensure;
            return this;
        }

        /** The database's (bucket's) retention, set at start; null (default) leaves the server's. */
        public Builder retention(java.time.Duration retention) {
            this.retention = retention;
            return this;
        }

        public InfluxSink build() {
            sanityCheck();
            return new InfluxSink(new InfluxSettings(url, database, org, token, mode, batchSize, retryBudgetMs,
                    firstBackoffMs, ensureDatabase, retention));
        }

        /** Explains, in one sentence each, what is wrong with these settings; nothing is built until it passes. */
        public void sanityCheck() {
            if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new IllegalArgumentException("InfluxSink needs an http(s) url, e.g. http://127.0.0.1:8086; got " + url);
            }
            if (database == null || database.isBlank()) {
                throw new IllegalArgumentException("InfluxSink needs a database (1.x) or bucket (2.x/3.x) name");
            }
            if (mode == InfluxSettings.Mode.V2 && (org == null || org.isBlank())) {
                throw new IllegalArgumentException("InfluxSink in V2 mode needs an org (any value for 1.8+ servers)");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("InfluxSink batchSize must be at least 1; got " + batchSize);
            }
            if (retryBudgetMs < 0 || firstBackoffMs < 1) {
                throw new IllegalArgumentException("InfluxSink retries need a budget >= 0 and a first backoff >= 1 ms");
            }
            if (retryBudgetMs > java.time.Duration.ofMinutes(10).toMillis()) {
                throw new IllegalArgumentException("InfluxSink retry budget " + retryBudgetMs / 1000 + " s is longer than"
                        + " Flink's default checkpoint timeout (600 s): the checkpoint would time out first");
            }
            if (retention != null && retention.toHours() < 1) {
                throw new IllegalArgumentException("InfluxDB keeps data at least 1 h; retention " + retention + " is shorter");
            }
            if (mode == InfluxSettings.Mode.V1 && token.contains(":") && url.startsWith("http://")
                    && !url.startsWith("http://127.") && !url.startsWith("http://localhost")) {
                throw new IllegalArgumentException("InfluxSink would send user:password in clear text to " + url
                        + "; use https");
            }
        }
    }
}
