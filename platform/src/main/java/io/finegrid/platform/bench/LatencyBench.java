package io.finegrid.platform.bench;

import io.finegrid.jobs.FineGridJob;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.device.EventType;
import io.finegrid.model.device.NormalizedEvent;
import io.finegrid.model.device.NormalizedReading;
import io.finegrid.model.topic.Topics;
import io.finegrid.platform.LocalFlink;
import io.finegrid.testkit.ConfigFiles;
import io.finegrid.testkit.Endpoints;
import io.finegrid.testkit.LocalStack;
import io.finegrid.testkit.ScratchDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code finegrid bench latency [SECONDS]}: how long after the deciding reading or event reaches
 * Kafka its alert is on {@code fg.alerts}, for threshold, rate and event rules, under a steady
 * background load (1,000 devices reporting every second, event time = wall clock). The raw
 * limit, measured in the same run: a relay job with no logic (Kafka, Flink, Kafka) over the same
 * load. Both times are Kafka record timestamps (the producers' clocks at send, one machine).
 */
public final class LatencyBench {
    static final int PUMPS = 900;
    static final int LIFTS = 100;
    static final String RELAY_TOPIC = "fg.bench-relay";

    private LatencyBench() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        try (ScratchDir scratch = ScratchDir.create("fg-bench-latency");
             LocalStack stack = LocalStack.onFreePorts(scratch)) {
            Path dir = scratch.path();
            Endpoints e = stack.endpoints();
            ConfigTexts config = ConfigTexts.read(config(dir));
            Map<String, List<Long>> relay = phase("relay", e, seconds, dir, env -> relayJob(env, e.kafkaBootstrap()),
                    RELAY_TOPIC);
            Map<String, List<Long>> fineGrid = phase("finegrid", e, seconds, dir, env -> FineGridJob.overKafka(
                    e.kafkaBootstrap(), "bench-latency", FineGridJob.influxSink(e.influxUrl(), e.influxDb(), "v1", ""),
                    config, FineGridJob.Options.defaults()).build(env), Topics.ALERTS.name());
            List<Long> raw = all(relay);
            System.out.printf(Locale.ROOT, "%nlatency, deciding record in Kafka -> its output in Kafka (ms), %d s of load,"
                    + " %d devices reporting every second%n", seconds, PUMPS + LIFTS);
            System.out.printf(Locale.ROOT, "  %-34s %6s %6s %6s %6s %6s%n", "", "cases", "p50", "p95", "p99", "max");
            row("relay, no logic (the raw limit)", raw);
            for (String kind : List.of("threshold", "rate", "event")) {
                row("FineGrid " + kind + " rule", fineGrid.getOrDefault(kind, List.of()));
            }
            List<Long> ours = all(fineGrid);
            System.out.printf(Locale.ROOT, "  p99 FineGrid (all kinds) / p99 relay: %.2f  (target: p99 under 500 ms)%n",
                    pct(ours, 99) / Math.max(1.0, pct(raw, 99)));
        }
    }

    private interface Job {
        void build(StreamExecutionEnvironment env) throws Exception;
    }

    /** Runs one job under the load for {@code seconds}; returns latencies by case kind. */
    private static Map<String, List<Long>> phase(String name, Endpoints e, int seconds, Path dir, Job job,
                                                 String outTopic) throws Exception {
        StreamExecutionEnvironment env = LocalFlink.forService(2, Files.createDirectories(dir.resolve(name)));
        job.build(env);
        JobClient client = env.executeAsync("bench-latency-" + name);
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread reader = new Thread(() -> read(e.kafkaBootstrap(), outTopic, name.equals("relay"), sent, latencies, running),
                "latency-reader");
        reader.start();
        try (Load load = new Load(e.kafkaBootstrap(), sent)) {
            System.err.println(name + ": warming up 10 s, then " + seconds + " s of measured load ...");
            load.run(Duration.ofSeconds(10), false);
            latencies.clear();
            load.run(Duration.ofSeconds(seconds), true);
            Thread.sleep(3_000); // the last cases' outputs
        } finally {
            running.set(false);
            reader.join();
            client.cancel().get();
        }
        return latencies;
    }

    /** Kafka to Kafka with nothing in between: the same source and sink settings as the detection job. */
    private static void relayJob(StreamExecutionEnvironment env, String bootstrap) {
        env.enableCheckpointing(FineGridJob.Options.defaults().checkpointInterval().toMillis());
        env.fromSource(KafkaSource.<String>builder().setBootstrapServers(bootstrap)
                        .setTopics(Topics.TELEMETRY.name(), Topics.EVENTS.name()).setGroupId("bench-relay")
                        .setStartingOffsets(OffsetsInitializer.latest())
                        .setValueOnlyDeserializer(new SimpleStringSchema()).build(),
                        WatermarkStrategy.noWatermarks(), "relay-in")
                .sinkTo(KafkaSink.<String>builder().setBootstrapServers(bootstrap)
                        // Stamped at sending, as the detection job's records are (not with the input's time).
                        .setRecordSerializer((KafkaRecordSerializationSchema<String>) (v, ctx, ts) ->
                                new ProducerRecord<>(RELAY_TOPIC, null, null, null, v.getBytes(StandardCharsets.UTF_8)))
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE).build());
    }

    /** Matches outputs to the cases sent: an alert by rule kind, device and start; a relayed record by device and time. */
    private static void read(String bootstrap, String topic, boolean relay, Map<String, Long> sent,
                             Map<String, List<Long>> latencies, AtomicBoolean running) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "latency-" + System.nanoTime(), "auto.offset.reset", "latest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    String key;
                    if (relay) {
                        String v = new String(r.value(), StandardCharsets.UTF_8);
                        key = v.contains("\"type\"") ? "event:" + field(v, "deviceId") + ":" + field(v, "ts")
                                : "reading:" + field(v, "deviceId") + ":" + field(v, "ts");
                    } else {
                        AlertTransition a = Topics.ALERTS.deserialize(r.value());
                        if (a.state() != AlertState.FIRING) {
                            continue;
                        }
                        key = a.rule() + ":" + a.deviceId() + ":" + a.startsAt();
                    }
                    Long at = sent.remove(key);
                    if (at != null) {
                        latencies.computeIfAbsent(kindOf(key), k -> Collections.synchronizedList(new ArrayList<>()))
                                .add(r.timestamp() - at);
                    }
                }
            }
        }
    }

    private static String kindOf(String key) {
        String k = key.substring(0, key.indexOf(':'));
        return switch (k) {
            case "pump-low-pressure" -> "threshold";
            case "pump-surge" -> "rate";
            case "lift-trapped" -> "event";
            default -> k;
        };
    }

    private static String field(String json, String name) {
        int i = json.indexOf("\"" + name + "\":") + name.length() + 3;
        int j = i;
        while (j < json.length() && json.charAt(j) != ',' && json.charAt(j) != '}') {
            j++;
        }
        return json.substring(i, j).replace("\"", "");
    }

    /**
     * Every device reports every second; every 100 ms a case starts, in turn: an elevator trapped
     * (event), a pump surging (rate), a pump losing pressure for 3 s (threshold). Each deciding
     * record is remembered with its send time, under the key its output will carry.
     */
    static final class Load implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer;
        private final Map<String, Long> sent;
        private final long[] breachSince = new long[PUMPS];
        private final boolean[] surge = new boolean[PUMPS];
        private long seq;
        private int nextCase;

        Load(String bootstrap, Map<String, Long> sent) {
            this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "linger.ms", 0, "acks", "1"),
                    new ByteArraySerializer(), new ByteArraySerializer());
            this.sent = sent;
        }

        void run(Duration d, boolean measure) throws InterruptedException {
            long end = System.currentTimeMillis() + d.toMillis();
            int tick = 0;
            while (System.currentTimeMillis() < end) {
                long tickStart = System.currentTimeMillis();
                // One tenth of the devices per 100 ms tick: each reports once a second.
                for (int p = tick % 10; p < PUMPS; p += 10) {
                    pumpReading(p, measure);
                }
                startCase(tick, measure);
                tick++;
                long sleep = 100 - (System.currentTimeMillis() - tickStart);
                if (sleep > 0) {
                    Thread.sleep(sleep);
                }
            }
        }

        private void startCase(int tick, boolean measure) {
            switch (nextCase++ % 3) {
                case 0 -> { // a lift traps someone, and is freed at once (so the next case can fire again)
                    String lift = "elv-" + (tick % LIFTS);
                    long ts = System.currentTimeMillis();
                    send(Topics.EVENTS.name(), lift, Topics.EVENTS.serialize(new NormalizedEvent("bench", "B1", lift, ts,
                            ++seq, EventType.FAULT, "E30", null, null, ts)), measure ? "lift-trapped:" + lift + ":" + ts : null,
                            measure ? "event:" + lift + ":" + ts : null);
                    send(Topics.EVENTS.name(), lift, Topics.EVENTS.serialize(new NormalizedEvent("bench", "B1", lift, ts + 1,
                            ++seq, EventType.FAULT_CLEARED, "E30", null, null, ts + 1)), null, null);
                }
                case 1 -> surge[(tick / 3) % 100] = true; // pumps 0-99: the next reading jumps
                default -> { // pumps 100-199: below the level from the next reading on, for 5 s
                    int p = 100 + (tick / 3) % 100;
                    if (breachSince[p] == 0) {
                        breachSince[p] = -1;
                    }
                }
            }
        }

        private void pumpReading(int p, boolean measure) {
            String pump = "wp-" + p;
            long ts = System.currentTimeMillis();
            double pressure = 0.4;
            String decides = null;
            if (surge[p]) {
                surge[p] = false;
                pressure = 3.0;
                decides = "pump-surge:" + pump + ":" + ts;
            } else if (breachSince[p] != 0) {
                if (breachSince[p] == -1) {
                    breachSince[p] = ts;
                }
                long held = ts - breachSince[p];
                if (held >= 5_000) {
                    breachSince[p] = 0; // back to normal: clears
                } else {
                    pressure = 0.1;
                    if (held >= 3_000 && held < 4_000) {
                        decides = "pump-low-pressure:" + pump + ":" + breachSince[p];
                    }
                }
            }
            Map<String, Object> m = Map.of("pressure_mpa", pressure);
            send(Topics.TELEMETRY.name(), pump, Topics.TELEMETRY.serialize(new NormalizedReading("bench", "B" + (p % 10),
                    pump, ts, ++seq, m, ts)), measure ? decides : null, measure && p < 200 && decides != null
                    ? "reading:" + pump + ":" + ts : null);
        }

        private void send(String topic, String device, byte[] value, String alertKey, String relayKey) {
            long at = System.currentTimeMillis();
            if (alertKey != null) {
                sent.put(alertKey, at);
            }
            if (relayKey != null) {
                sent.put(relayKey, at);
            }
            producer.send(new ProducerRecord<>(topic, null, at, device.getBytes(StandardCharsets.UTF_8), value));
        }

        @Override
        public void close() {
            producer.close();
        }
    }

    private static Path config(Path dir) throws Exception {
        StringBuilder b = new StringBuilder("community: bench\ngrids: [{id: G1}]\nbuildings:\n");
        for (int i = 0; i < 10; i++) {
            b.append("  - {id: B").append(i).append(", grid: G1}\n");
        }
        b.append("devices:\n");
        for (int p = 0; p < PUMPS; p++) {
            b.append("  - {id: wp-").append(p).append(", type: water_pump, building: B").append(p % 10)
                    .append(", interval: 1s}\n");
        }
        for (int l = 0; l < LIFTS; l++) {
            b.append("  - {id: elv-").append(l).append(", type: elevator, building: B1, interval: 60s}\n");
        }
        return ConfigFiles.write(dir, b.toString(), """
                rules:
                  - {id: pump-low-pressure, kind: threshold, deviceType: water_pump, metric: pressure_mpa,
                     below: 0.15, clear: 0.18, for: 3s, severity: major, category: water_supply}
                  - {id: pump-surge, kind: rate, deviceType: water_pump, metric: pressure_mpa,
                     maxChangePerMinute: 5, severity: minor, category: water_supply}
                  - {id: lift-trapped, kind: event, deviceType: elevator, eventType: fault, codes: [E30],
                     clearOn: fault_cleared, severity: critical, category: water_supply}
                  - {id: offline, kind: offline, deviceType: "*", missed: 3, severity: minor, category: water_supply}
                """, "water_supply");
    }

    private static List<Long> all(Map<String, List<Long>> byKind) {
        List<Long> all = new ArrayList<>();
        byKind.values().forEach(all::addAll);
        return all;
    }

    private static double pct(List<Long> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> s = new ArrayList<>(values);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.ceil(p / 100.0 * s.size()) - 1));
    }

    private static void row(String label, List<Long> v) {
        System.out.printf(Locale.ROOT, "  %-34s %6d %6.0f %6.0f %6.0f %6.0f%n", label, v.size(), pct(v, 50), pct(v, 95),
                pct(v, 99), pct(v, 100));
    }
}
