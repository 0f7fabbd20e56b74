package io.finegrid.platform.bench;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import io.finegrid.jobs.sink.influx.InfluxSettings;
import io.finegrid.jobs.sink.influx.InfluxSink;
import io.finegrid.jobs.sink.influx.V1WriteInterceptor;
import io.finegrid.testkit.HostPort;
import io.finegrid.testkit.Influx;
import io.finegrid.testkit.ScratchDir;
import io.finegrid.testkit.ServiceProcess;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code finegrid bench influx [N]}: N {@code telemetry_1m}-shaped points (6 tags, 5 fields,
 * each its own series and time) into a fresh InfluxDB, first with the raw client (the blocking
 * write API in batches of 5,000 from one thread: the limit of this server on this machine), then
 * through FineGrid's sink in a Flink job (parallelism 1, the same batch size, checkpoints every
 * 5 s). Same run, same server, separate databases. Reports both rates, their ratio, the heap
 * peak of each phase, and checks that every point arrived.
 */
public final class InfluxBench {
    static final int BATCH = 5_000;
    static final long T0 = 1_790_000_000_000L;
    /** Points through the sink's job so far (counted as they are made, before the sink). */
    static final AtomicLong MADE = new AtomicLong();
    static final AtomicLong FIRST_MADE_NANOS = new AtomicLong();

    private InfluxBench() {}

    static String point(long i) {
        long device = i % 1_000;
        return String.format(Locale.ROOT, "telemetry_1m,building=B%02d,community=bench,device=d%04d,device_type=water_pump,"
                        + "grid=G%d,metric=pressure_mpa count=60i,last=%.3f,max=%.3f,mean=%.3f,min=%.3f %d",
                device % 40, device, device % 4, 0.3 + (i % 7) * 0.01, 0.35 + (i % 5) * 0.01, 0.3 + (i % 3) * 0.01,
                0.25, T0 + i);
    }

    private static ServiceProcess startInflux(HostPort at, ScratchDir dir) {
        System.err.println("starting InfluxDB in " + dir + " ...");
        return Influx.start(at, dir.path());
    }

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        HostPort at = HostPort.freeLoopback();
        try (ScratchDir dir = ScratchDir.create("fg-bench-influx");
             ServiceProcess influx = startInflux(at, dir)) {
            String url = "http://" + at;
            Influx.query(url, null, "CREATE DATABASE bench_raw");
            Influx.query(url, null, "CREATE DATABASE bench_sink");
            Heap heap = new Heap();
            Phase raw = raw(url, n, heap);
            Phase sink = sink(url, n, heap);
            System.out.printf(Locale.ROOT, """

                    InfluxDB sink benchmark, %,d points (6 tags, 5 fields), batches of %,d, one writer
                      raw client (WriteApiBlocking)  : %,9.0f points/s   heap peak %4d MiB   arrived %,d
                      FineGrid sink (Flink job)      : %,9.0f points/s   heap peak %4d MiB   arrived %,d
                      ratio to raw: %.2f   (the sink buffers at most %,d points per writer)
                    """, n, BATCH, raw.rate, raw.peakHeapMiB, raw.arrived, sink.rate, sink.peakHeapMiB, sink.arrived,
                    sink.rate / raw.rate, BATCH);
        }
    }

    record Phase(double rate, long peakHeapMiB, long arrived) {}

    private static Phase raw(String url, long n, Heap heap) throws Exception {
        OkHttpClient.Builder http = new OkHttpClient.Builder().addNetworkInterceptor(new V1WriteInterceptor());
        AtomicLong written = new AtomicLong();
        try (InfluxDBClient client = InfluxDBClientFactory.create(InfluxDBClientOptions.builder().url(url)
                .org("finegrid").bucket("bench_raw").okHttpClient(http).build());
             Progress p = new Progress("raw", n, written::get, written::get, written::get)) {
            WriteApiBlocking api = client.getWriteApiBlocking();
            heap.reset();
            long start = System.nanoTime();
            List<String> batch = new ArrayList<>(BATCH);
            for (long i = 0; i < n; i++) {
                batch.add(point(i));
                if (batch.size() == BATCH || i == n - 1) {
                    api.writeRecords("bench_raw", "finegrid", WritePrecision.MS, batch);
                    written.addAndGet(batch.size());
                    batch.clear();
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            return new Phase(n / secs, heap.peakMiB(), count(url, "bench_raw"));
        }
    }

    private static Phase sink(String url, long n, Heap heap) throws Exception {
        MADE.set(0);
        FIRST_MADE_NANOS.set(0);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.enableCheckpointing(5_000);
        env.fromSequence(0, n - 1).map(i -> {
            if (MADE.getAndIncrement() == 0) {
                FIRST_MADE_NANOS.set(System.nanoTime());
            }
            return point(i);
        }).name("points").sinkTo(InfluxSink.builder().url(url).database("bench_sink").mode(InfluxSettings.Mode.V1)
                .batchSize(BATCH).build()).name("influxdb");
        heap.reset();
        try (Progress p = new Progress("sink", n, MADE::get, MADE::get, MADE::get)) {
            env.execute("influx-bench");
        }
        double secs = (System.nanoTime() - FIRST_MADE_NANOS.get()) / 1e9;
        return new Phase(n / secs, heap.peakMiB(), count(url, "bench_sink"));
    }

    private static long count(String url, String db) {
        var rows = Influx.rows(url, db, "SELECT count(mean) FROM telemetry_1m");
        return rows.isEmpty() ? 0 : ((Number) rows.get(0).get("count")).longValue();
    }

    /** Samples the heap in use every 20 ms. */
    static final class Heap {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final AtomicLong peak = new AtomicLong();

        Heap() {
            Thread t = new Thread(() -> {
                while (true) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "fg-heap");
            t.setDaemon(true);
            t.start();
        }

        void reset() {
            System.gc();
            peak.set(memory.getHeapMemoryUsage().getUsed());
        }

        long peakMiB() {
            return peak.get() >> 20;
        }
    }
}
