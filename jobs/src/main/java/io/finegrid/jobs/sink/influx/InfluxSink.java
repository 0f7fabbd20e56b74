package io.finegrid.jobs.sink.influx;

import java.io.IOException;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes InfluxDB line-protocol points.
 *
 * <p>Delivery guarantee: at-least-once. Points are buffered and written in batches; every
 * checkpoint flushes the buffer and a flush that still fails after {@code maxAttempts} fails the
 * checkpoint, so no point Flink has checkpointed past is lost. Points carry deterministic
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
        private int maxAttempts = 10;
        private long firstBackoffMs = 200;

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

        public Builder retries(int maxAttempts, long firstBackoffMs) {
            this.maxAttempts = maxAttempts;
            this.firstBackoffMs = firstBackoffMs;
            return this;
        }

        public InfluxSink build() {
            sanityCheck();
            return new InfluxSink(new InfluxSettings(url, database, org, token, mode, batchSize, maxAttempts,
                    firstBackoffMs));
        }

        private void sanityCheck() {
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
            if (maxAttempts < 1 || firstBackoffMs < 0) {
                throw new IllegalArgumentException("InfluxSink retries need maxAttempts >= 1 and a backoff >= 0");
            }
        }
    }
}
