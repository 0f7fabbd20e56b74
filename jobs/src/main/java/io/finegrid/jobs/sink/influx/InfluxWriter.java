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

/** Buffers points and writes them with the blocking API, which reports every failure to us. */
final class InfluxWriter implements SinkWriter<String> {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxWriter.class);

    private final InfluxSettings settings;
    private final InfluxDBClient client;
    private final WriteApiBlocking api;
    private final List<String> buffer = new ArrayList<>();
    private final Counter written;
    private final Counter retried;

    InfluxWriter(InfluxSettings settings, SinkWriterMetricGroup metrics) {
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
        this.written = metrics.counter("influxPointsWritten");
        this.retried = metrics.counter("influxWriteRetries");
    }

    @Override
    public void write(String point, Context context) throws IOException, InterruptedException {
        buffer.add(point);
        if (buffer.size() >= settings.batchSize()) {
            writeBuffer();
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        writeBuffer();
    }

    private void writeBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        long backoff = settings.firstBackoffMs();
        for (int attempt = 1; ; attempt++) {
            try {
                api.writeRecords(settings.database(), settings.org(), WritePrecision.MS, buffer);
                written.inc(buffer.size());
                buffer.clear();
                return;
            } catch (InfluxException e) {
                if (attempt >= settings.maxAttempts()) {
                    throw new IOException("InfluxDB write of " + buffer.size() + " points failed " + attempt
                            + " times; last: " + e.getMessage(), e);
                }
                retried.inc();
                LOG.warn("InfluxDB write failed (attempt {}/{}), retrying in {} ms: {}", attempt,
                        settings.maxAttempts(), backoff, e.getMessage());
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
