package io.finegrid.platform.bench;

import io.finegrid.ingest.IngestMain;
import io.finegrid.ingest.mqtt.MqttConnectionFactory;
import io.finegrid.testkit.ConfigFiles;
import io.finegrid.testkit.Endpoints;
import io.finegrid.testkit.LocalStack;
import io.finegrid.testkit.ScratchDir;
import io.finegrid.testkit.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * {@code finegrid bench ingest [N]}: N QoS 1 telemetry messages of about 200 bytes, first from a
 * publisher straight to a plain subscriber (the broker's raw rate on this machine, the physical
 * limit), then through the gateway into Kafka. Reports both rates, their ratio, end-to-end
 * latency percentiles of each path and their difference, loss, duplicates and the gateway's
 * peak RSS. Both phases run on the same fresh broker in the same run.
 */
public final class IngestBench {
    private static final int DEVICES = 1000;
    /** Messages allowed between publisher and final receiver: enough to keep every stage busy. */
    private static final int WINDOW = 4000;

    private IngestBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        try (ScratchDir scratch = ScratchDir.create("fg-bench-ingest");
             LocalStack stack = LocalStack.onFreePorts(scratch)) {
            Path dir = scratch.path();
            Endpoints e = stack.endpoints();
            Phase raw = rawPhase(e, n);
            Phase gw = gatewayPhase(e, n, dir);
            double ratio = gw.rate / raw.rate;
            System.out.printf(Locale.ROOT, """

                    ingest benchmark, %,d messages of %d bytes, QoS 1, %d devices
                      raw broker (publisher -> mosquitto -> subscriber): %,8.0f msg/s   latency p50 %6.1f ms  p99 %7.1f ms
                      through the gateway (-> Kafka, acks=all)          : %,8.0f msg/s   latency p50 %6.1f ms  p99 %7.1f ms
                      ratio to raw: %.2f   added latency p50 %.1f ms, p99 %.1f ms
                      loss: %d of %,d acknowledged   duplicates: %d   gateway peak RSS: %d MiB
                    """, n, gw.payloadBytes, DEVICES, raw.rate, raw.p50, raw.p99, gw.rate, gw.p50, gw.p99, ratio,
                    gw.p50 - raw.p50, gw.p99 - raw.p99, gw.lost, gw.acked, gw.duplicates, gw.peakRssMiB);
        }
    }

    record Phase(double rate, double p50, double p99, long acked, long lost, long duplicates, long peakRssMiB,
                 int payloadBytes) {}

    /** Payload padded to about 200 bytes; carries the publisher's nanoTime for latency. */
    static byte[] payload(long seq, long sentNanos) {
        String base = "{\"ts\":" + System.currentTimeMillis() + ",\"seq\":" + seq + ",\"metrics\":{\"pressure_mpa\":0.31,"
                + "\"motor_current_a\":8.2,\"sent_ns\":" + sentNanos + ",\"pad\":";
        int pad = Math.max(1, 200 - base.length() - 3);
        return (base + "0." + "1".repeat(pad) + "}}").getBytes(StandardCharsets.UTF_8);
    }

    private static Phase rawPhase(Endpoints e, int n) throws Exception {
        long[] latencies = new long[n];
        AtomicLong received = new AtomicLong();
        MqttAsyncClient sub = new MqttAsyncClient(e.mqttUrl(), "bench-raw-sub", new MemoryPersistence());
        sub.setCallback(new Sink((topic, m) -> {
            long i = received.getAndIncrement();
            if (i < n) {
                latencies[(int) i] = System.nanoTime() - sentNanos(m.getPayload());
            }
        }));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setReceiveMaximum(1000);
        o.setSocketFactory(new MqttConnectionFactory.NoDelaySocketFactory());
        sub.connect(o).waitForCompletion(10_000);
        sub.subscribe(new MqttSubscription("bench/raw/#", 1)).waitForCompletion(10_000);
        Publisher pub = new Publisher(e.mqttUrl(), "bench-raw-pub");
        long t0 = System.nanoTime();
        try (Progress p = new Progress("raw", n, pub.sent::get, pub.acked::get, received::get)) {
            pub.publish(n, i -> "bench/raw/dev-" + (i % DEVICES), received::get);
            awaitCount(received, n, Duration.ofMinutes(10));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        pub.close();
        sub.disconnect().waitForCompletion(5_000);
        sub.close();
        Arrays.sort(latencies);
        return new Phase(n / secs, pct(latencies, 0.5), pct(latencies, 0.99), pub.acked.get(), 0, 0, 0, 0);
    }

    private static Phase gatewayPhase(Endpoints e, int n, Path dir) throws Exception {
        Path config = benchConfig(dir);
        ServiceProcess gw = ServiceProcess.start("ingest", List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-XX:+UseParallelGC",
                "-cp", System.getProperty("java.class.path"), IngestMain.class.getName(), "--config", config.toString()),
                dir, Map.of("FG_MQTT_URL", e.mqttUrl(), "FG_KAFKA_BOOTSTRAP", e.kafkaBootstrap(),
                        "FG_INGEST_CLIENT_ID", "bench-gw", "FG_INGEST_RECEIVE_MAX", "2000"));
        gw.awaitReady(() -> {
            try {
                return Files.readString(gw.log()).contains("running");
            } catch (java.io.IOException ex) {
                return false;
            }
        }, Duration.ofSeconds(30));
        long[] latencies = new long[n];
        BitSet seen = new BitSet(n);
        AtomicLong received = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        PeakRss rss = new PeakRss(gw.pid());
        Thread consumer = new Thread(() -> consume(e.kafkaBootstrap(), n, latencies, seen, received, duplicates), "bench-consumer");
        consumer.start();
        Publisher pub = new Publisher(e.mqttUrl(), "bench-gw-pub");
        long t0 = System.nanoTime();
        try (Progress p = new Progress("gateway", n, pub.sent::get, pub.acked::get, received::get)) {
            pub.publish(n, i -> "fg/bench/B1/dev-" + (i % DEVICES + 1) + "/telemetry", received::get);
            awaitCount(received, n, Duration.ofMinutes(10));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        consumer.interrupt();
        consumer.join(10_000);
        long peak = rss.peakMiB();
        pub.close();
        gw.close();
        long got = Math.min(received.get(), n);
        Arrays.sort(latencies, 0, (int) got);
        long[] lat = Arrays.copyOf(latencies, (int) got);
        return new Phase(got / secs, pct(lat, 0.5), pct(lat, 0.99), pub.acked.get(), pub.acked.get() - seen.cardinality(),
                duplicates.get(), peak, payload(n, System.nanoTime()).length);
    }

    private static void consume(String bootstrap, int n, long[] latencies, BitSet seen, AtomicLong received,
                                AtomicLong duplicates) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "bench", "auto.offset.reset", "earliest", "max.poll.records", 5000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of("fg.telemetry"));
            while (!Thread.currentThread().isInterrupted() && received.get() < n) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    long now = System.nanoTime();
                    int seq = (int) seqOf(r.value());
                    synchronized (seen) {
                        if (seen.get(seq)) {
                            duplicates.incrementAndGet();
                            continue;
                        }
                        seen.set(seq);
                    }
                    long i = received.getAndIncrement();
                    if (i < n) {
                        latencies[(int) i] = now - sentNanos(r.value());
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException ignored) {
            // done
        }
    }

    private static long sentNanos(byte[] json) {
        return numberAfter(json, "\"sent_ns\":");
    }

    private static long seqOf(byte[] json) {
        return numberAfter(json, "\"seq\":");
    }

    /**
     * The number after a key, without a JSON parse (the consumer must not be the bottleneck). The
     * normalized record writes metric values as doubles (1.7E12), so this reads either form.
     */
    static long numberAfter(byte[] json, String key) {
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + k.length < json.length; i++) {
            for (int j = 0; j < k.length; j++) {
                if (json[i + j] != k[j]) {
                    continue outer;
                }
            }
            int p = i + k.length;
            int end = p;
            while (end < json.length && "0123456789.Ee+-".indexOf(json[end]) >= 0) {
                end++;
            }
            return (long) Double.parseDouble(new String(json, p, end - p, StandardCharsets.US_ASCII));
        }
        return -1;
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))] / 1e6;
    }

    private static void awaitCount(AtomicLong count, long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count.get() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static Path benchConfig(Path dir) throws Exception {
        return ConfigFiles.write(dir, """
                community: bench
                grids: [{id: G1}]
                buildings: [{id: B1, grid: G1}]
                deviceGroups: [{type: meter, perBuilding: %d, id: "dev-{n}", interval: 10s}]
                """.formatted(DEVICES), "rules: []\n", "x");
    }

    /** A QoS 1 publisher that keeps its window full: a rejected publish (window full) waits for PUBACKs. */
    static final class Publisher implements AutoCloseable {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong acked = new AtomicLong();
        private final MqttAsyncClient client;

        Publisher(String url, String id) throws MqttException {
            client = new MqttAsyncClient(url, id, new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setSocketFactory(new MqttConnectionFactory.NoDelaySocketFactory());
            client.connect(o).waitForCompletion(10_000);
        }

        /**
         * Publishes as fast as the pipeline takes it, keeping at most {@code WINDOW} messages between
         * publisher and final receiver, so latency measures the path rather than a queue we built.
         */
        void publish(int n, java.util.function.IntFunction<String> topic, java.util.function.LongSupplier received)
                throws Exception {
            MqttActionListener onAck = new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken t) {
                    acked.incrementAndGet();
                }

                @Override
                public void onFailure(IMqttToken t, Throwable ex) {}
            };
            for (int i = 0; i < n; i++) {
                while (i - received.getAsLong() > WINDOW) {
                    Thread.onSpinWait();
                }
                MqttMessage m = new MqttMessage(payload(i, System.nanoTime()));
                m.setQos(1);
                while (true) {
                    try {
                        client.publish(topic.apply(i), m, null, onAck);
                        break;
                    } catch (MqttException full) {
                        Thread.onSpinWait();
                    }
                }
                sent.incrementAndGet();
            }
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (acked.get() < n && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }

        @Override
        public void close() throws MqttException {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }

    /** A subscriber callback that only counts. */
    record Sink(java.util.function.BiConsumer<String, MqttMessage> onMessage) implements MqttCallback {
        public void disconnected(MqttDisconnectResponse r) {}

        public void mqttErrorOccurred(MqttException e) {}

        public void messageArrived(String topic, MqttMessage m) {
            onMessage.accept(topic, m);
        }

        public void deliveryComplete(IMqttToken t) {}

        public void connectComplete(boolean reconnect, String uri) {}

        public void authPacketArrived(int code, MqttProperties p) {}
    }

    /** Samples a process's peak resident set (VmHWM) from /proc. */
    record PeakRss(long pid) {
        long peakMiB() {
            try {
                for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (l.startsWith("VmHWM:")) {
                        return Long.parseLong(l.replaceAll("\\D", "")) / 1024;
                    }
                }
            } catch (Exception ignored) {
                // process gone
            }
            return -1;
        }
    }
}
