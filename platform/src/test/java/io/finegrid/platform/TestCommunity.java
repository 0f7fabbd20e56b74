package io.finegrid.platform;

import io.finegrid.jobs.FineGridJob;
import io.finegrid.testkit.Endpoints;
import io.finegrid.testkit.HostPort;
import io.finegrid.testkit.LocalStack;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/** A small community for end-to-end tests: two pumps in one building, one low-pressure rule. */
final class TestCommunity {
    static final String RULES = """
            rules:
              - {id: pump-low-pressure, kind: threshold, deviceType: water_pump, metric: pressure_mpa,
                 below: 0.15, clear: 0.18, for: 30s, severity: major, category: water_supply}
            """;

    /** Event-time settings tight enough for tests to finish quickly. */
    static final FineGridJob.Options OPTIONS = new FineGridJob.Options(Duration.ofSeconds(2), Duration.ofSeconds(2),
            Duration.ofMinutes(10), Duration.ofSeconds(1));

    private TestCommunity() {}

    static Path writeConfig(String community) throws Exception {
        return writeConfig(community, RULES);
    }

    static Path writeConfig(String community, String rules) throws Exception {
        return writeConfig(community, rules, "10s");
    }

    static final String SERVICES = """
            services: [{category: water_supply, name: Water, respond: 30m, resolve: 4h}]
            """;

    static Path writeConfig(String community, String rules, String interval) throws Exception {
        return writeConfig(community, rules, interval, SERVICES);
    }

    static Path writeConfig(String community, String rules, String interval, String services) throws Exception {
        return writeConfig(community, rules, interval, services, """
                recipients:
                  - {id: crew-1, org: utility-water, channels: [{mqtt: "fg/%s/crews/crew-1"}]}
                  - {id: gm-1, org: committee}
                assignments: [{grid: "*", category: "*", crew: crew-1, escalate: [{after: 15m, to: gm-1}]}]
                """.formatted(community));
    }

    static Path writeConfig(String community, String rules, String interval, String services, String responsibilities)
            throws Exception {
        Path dir = Files.createTempDirectory("fg-e2e-config");
        Files.writeString(dir.resolve("community.yaml"), """
                community: %s
                grids: [{id: G1, name: One, manager: gm-1}]
                buildings: [{id: B01, grid: G1, residents: 100}]
                devices:
                  - {id: wp-1, type: water_pump, building: B01, interval: %2$s}
                  - {id: wp-2, type: water_pump, building: B01, interval: %2$s}
                  - {id: elv-1, type: elevator, building: B01, interval: %2$s}
                """.formatted(community, interval));
        Files.writeString(dir.resolve("rules.yaml"), rules);
        Files.writeString(dir.resolve("services.yaml"), services);
        Files.writeString(dir.resolve("responsibilities.yaml"), responsibilities);
        return dir;
    }

    /** A platform on the shared test services; event-time settings tight so tests finish quickly. */
    static Platform start(String community) throws Exception {
        return start(community, RULES);
    }

    static Platform start(String community, String rules) throws Exception {
        return start(community, rules, "10s");
    }

    static Platform start(String community, String rules, String interval) throws Exception {
        return start(community, rules, interval, SERVICES);
    }

    static Platform start(String community, String rules, String interval, String services) throws Exception {
        Endpoints e = LocalStack.shared().endpoints();
        Platform.Settings s = new Platform.Settings(e, writeConfig(community, rules, interval, services),
                Files.createTempDirectory("fg-e2e-data"),
                HostPort.freeLoopback().port(), "test-token", "auto", 2, "jobs-" + community, OPTIONS);
        return Platform.start(s).awaitRunning(Duration.ofMinutes(2));
    }

    /** A platform whose responsibility list and alerting settings are the test's. */
    static Platform start(String community, String rules, String responsibilities,
                          java.util.function.Function<Platform.Settings, Platform.Settings> adjust) throws Exception {
        Endpoints e = LocalStack.shared().endpoints();
        Platform.Settings s = new Platform.Settings(e, writeConfig(community, rules, "10s", SERVICES, responsibilities),
                Files.createTempDirectory("fg-e2e-data"),
                HostPort.freeLoopback().port(), "test-token", "auto", 2, "jobs-" + community, OPTIONS);
        return Platform.start(adjust.apply(s)).awaitRunning(Duration.ofMinutes(2));
    }

    /** The shaded job jar the build made, as an operator would submit it. */
    static Path jobJar() throws Exception {
        Path target = Path.of(System.getProperty("fg.project.root", "..")).resolve("jobs/target");
        try (java.util.stream.Stream<Path> s = Files.list(target)) {
            return s.filter(p -> p.getFileName().toString().endsWith("-job.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no shaded job jar in " + target + ": run ./mvnw package"));
        }
    }

    /** Waits until the session cluster runs a job. */
    static void awaitRunning(io.finegrid.testkit.FlinkSession flink) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (flink.jobsOverview().contains("\"state\":\"RUNNING\"")) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("job not running: " + flink.jobsOverview());
    }

    /** The alert transitions of one community on fg.alerts, read until there are at least {@code n}. */
    static java.util.List<io.finegrid.model.alert.AlertTransition> alerts(String community, int n) {
        return alertsUntil(community, a -> a.size() >= n);
    }

    /** Alert transitions of one community, read until {@code done} holds for them (or two minutes pass). */
    static java.util.List<io.finegrid.model.alert.AlertTransition> alertsUntil(String community,
            java.util.function.Predicate<java.util.List<io.finegrid.model.alert.AlertTransition>> done) {
        java.util.function.Function<java.util.List<String>, java.util.List<io.finegrid.model.alert.AlertTransition>> mine =
                raw -> raw.stream().map(v -> io.finegrid.model.json.Json.read(v.getBytes(StandardCharsets.UTF_8),
                                io.finegrid.model.alert.AlertTransition.class))
                        .filter(a -> a.community().equals(community)).toList();
        return mine.apply(io.finegrid.testkit.KafkaTail.readUntil(LocalStack.shared().endpoints().kafkaBootstrap(),
                io.finegrid.model.topic.Topics.ALERTS.name(), v -> done.test(mine.apply(v)), Duration.ofSeconds(120)));
    }

    /** Rows of an InfluxQL query on the shared InfluxDB, polled until there are {@code n} (or two minutes pass). */
    static java.util.List<java.util.Map<String, Object>> awaitRows(String q, int n) throws InterruptedException {
        Endpoints e = LocalStack.shared().endpoints();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        java.util.List<java.util.Map<String, Object>> rows = java.util.List.of();
        while (System.nanoTime() < deadline) {
            rows = io.finegrid.testkit.Influx.rows(e.influxUrl(), e.influxDb(), q);
            if (rows.size() >= n) {
                return rows;
            }
            Thread.sleep(500);
        }
        return rows;
    }

    /** A plain MQTT 5 client publishing at QoS 1, as a device or gateway would. */
    static final class Publisher implements AutoCloseable {
        private final MqttClient client;

        Publisher() throws Exception {
            client = new MqttClient(LocalStack.shared().endpoints().mqttUrl(), "pub-" + UUID.randomUUID(),
                    new MemoryPersistence());
            client.connect(new MqttConnectionOptions());
        }

        void publish(String topic, String payload) throws Exception {
            MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            client.publish(topic, m);
        }

        @Override
        public void close() throws Exception {
            client.disconnect();
            client.close();
        }
    }

    /** A pump reporting low pressure every half second, with ts = now, until closed: event time moves as in life. */
    static final class LowPressure implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicBoolean feeding = new java.util.concurrent.atomic.AtomicBoolean(true);

        LowPressure(Publisher mqtt, String community, String device) {
            Thread t = new Thread(() -> {
                long seq = 0;
                while (feeding.get()) {
                    try {
                        mqtt.publish("fg/" + community + "/B01/" + device + "/telemetry", "{\"ts\":"
                                + System.currentTimeMillis() + ",\"seq\":" + seq++ + ",\"metrics\":{\"pressure_mpa\":0.1}}");
                        Thread.sleep(500);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "low-pressure-" + device);
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() {
            feeding.set(false);
        }
    }
}
