package io.finegrid.jobs.sink.influx;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.exceptions.InfluxException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffers points (at most {@code batchSize}) and writes them with the blocking API, which reports
 * every failure to us: the batching API of the client drops batches after an outage (STACK.md).
 */
final class InfluxWriter implements SinkWriter<String> {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxWriter.class);

    private final InfluxSettings settings;
    private final InfluxDBClient client;
    private final WriteApiBlocking api;
    private final BatchDelivery delivery;
    private final List<String> buffer = new ArrayList<>();
    private final Counter written;
    private final Counter refused;
    private final Counter retried;
    private long retriesSeen;

    InfluxWriter(InfluxSettings settings, SinkWriterMetricGroup metrics) throws IOException {
        this.settings = settings;
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(java.time.Duration.ofSeconds(5))
                .readTimeout(java.time.Duration.ofSeconds(30))
                .writeTimeout(java.time.Duration.ofSeconds(30));
        if (settings.mode() == InfluxSettings.Mode.V1) {
            http.addNetworkInterceptor(new V1WriteInterceptor());
        }
        InfluxDBClientOptions.Builder o = InfluxDBClientOptions.builder()
                .url(settings.url()).org(settings.org()).bucket(settings.database()).okHttpClient(http);
        if (!settings.token().isEmpty()) {
            o.authenticateToken(settings.token().toCharArray());
        }
        this.client = InfluxDBClientFactory.create(o.build());
        this.api = client.getWriteApiBlocking();
        this.delivery = new BatchDelivery(this::attempt, Thread::sleep, System::currentTimeMillis,
                settings.retryBudgetMs(), settings.firstBackoffMs());
        this.written = metrics.counter("influxPointsWritten");
        this.refused = metrics.counter("influxPointsRefused");
        this.retried = metrics.counter("influxWriteRetries");
        if (settings.ensureDatabase()) {
            InfluxSchema.ensure(settings, client);
        }
    }

    @Override
    public void write(String point, Context context) throws IOException, InterruptedException {
        buffer.add(point);
        if (buffer.size() >= settings.batchSize()) {
            writeBuffer();
        }
    }

    /** Called on every checkpoint: what is buffered is written before the checkpoint completes. */
    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        writeBuffer();
    }

    private void writeBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        List<BatchDelivery.Refused> bad = delivery.deliver(buffer);
        retried.inc(delivery.retries() - retriesSeen);
        retriesSeen = delivery.retries();
        written.inc(buffer.size() - bad.size());
        for (BatchDelivery.Refused r : bad) {
            refused.inc();
            LOG.error("InfluxDB refused a point, which is left out (the rest of its batch was written): {} -- {}",
                    r.line(), r.reason());
        }
        buffer.clear();
    }

    private BatchDelivery.Attempt attempt(List<String> lines) {
        try {
            api.writeRecords(settings.database(), settings.org(), WritePrecision.MS, lines);
            return BatchDelivery.Attempt.OK;
        } catch (InfluxException e) {
            return new BatchDelivery.Attempt(classify(e.status()), e.status() + " " + e.getMessage());
        }
    }

    /** 400/413/422: the points; 401/403/404: the settings (wrong token, database or URL); anything else: the server, for now. */
    static BatchDelivery.Outcome classify(int status) {
        return switch (status) {
            case 400, 413, 422 -> BatchDelivery.Outcome.REFUSED;
            case 401, 403, 404, 405 -> BatchDelivery.Outcome.FATAL;
            default -> BatchDelivery.Outcome.RETRY;
        };
    }

    @Override
    public void close() {
        client.close();
    }
}
