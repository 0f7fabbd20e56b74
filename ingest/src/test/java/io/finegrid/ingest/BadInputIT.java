package io.finegrid.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.model.codec.DeviceDirectory;
import io.finegrid.model.deadletter.DeadLetter;
import io.finegrid.model.json.Json;
import io.finegrid.model.topic.Topics;
import io.finegrid.testkit.Endpoints;
import io.finegrid.testkit.KafkaTail;
import io.finegrid.testkit.LocalStack;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad input, sent through a real broker, ends in fg.dlq with its reason; the gateway keeps going. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
    static final DeviceDirectory DIR = (c, d) -> d.startsWith("dev-") ? Optional.of("B1") : Optional.empty();
    final Endpoints e = LocalStack.shared().endpoints();
    final String c = "bad" + UUID.randomUUID().toString().substring(0, 6);
    IngestGateway gateway;
    MqttClient pub;

    @BeforeAll
    void start() throws Exception {
        gateway = new IngestGateway(IngestSettings.defaults(e.mqttUrl(), e.kafkaBootstrap()).withClientId("bad-" + c),
                DIR, Clock.systemUTC()).start();
        pub = new MqttClient(e.mqttUrl(), "pub-" + c, new MemoryPersistence());
        pub.connect(new MqttConnectionOptions());
    }

    @AfterAll
    void stop() throws Exception {
        pub.disconnect();
        gateway.close();
    }

    Stream<Arguments> cases() {
        long now = System.currentTimeMillis();
        String t = "fg/" + c + "/B1/dev-1/telemetry";
        return Stream.of(
                Arguments.of("malformed JSON", t, "{\"ts\": 1,", "bad_json"),
                Arguments.of("ts as a string", t, "{\"ts\":\"yesterday\",\"metrics\":{\"a\":1}}", "wrong_type"),
                Arguments.of("metric as a string", t, "{\"ts\":" + now + ",\"metrics\":{\"a\":\"high\"}}", "wrong_type"),
                Arguments.of("NaN literal", t, "{\"ts\":" + now + ",\"metrics\":{\"a\":NaN}}", "bad_json"),
                Arguments.of("Infinity literal", t, "{\"ts\":" + now + ",\"metrics\":{\"a\":Infinity}}", "bad_json"),
                Arguments.of("overflowing number", t, "{\"ts\":" + now + ",\"metrics\":{\"a\":1e999}}", "non_finite_number"),
                Arguments.of("oversized", t, "{\"ts\":" + now + ",\"metrics\":{\"a\":1},\"x\":\"" + "y".repeat(70_000) + "\"}", "too_large"),
                Arguments.of("future timestamp", t, "{\"ts\":" + (now + 2 * 86_400_000L) + ",\"metrics\":{\"a\":1}}", "ts_in_future"),
                Arguments.of("past timestamp", t, "{\"ts\":" + (now - 8 * 86_400_000L) + ",\"metrics\":{\"a\":1}}", "ts_too_old"),
                Arguments.of("unknown device", "fg/" + c + "/B1/ghost/telemetry", "{\"ts\":" + now + ",\"metrics\":{\"a\":1}}", "unknown_device"),
                Arguments.of("bad topic", "fg/" + c + "/B1/dev$1/telemetry", "{\"ts\":" + now + ",\"metrics\":{\"a\":1}}", "bad_topic"),
                Arguments.of("unknown event type", "fg/" + c + "/B1/dev-1/event", "{\"ts\":" + now + ",\"type\":\"explosion\"}", "unknown_value"));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("cases")
    void endsInTheDeadLetterTopicWithItsReason(String name, String topic, String payload, String reason) throws Exception {
        String marker = UUID.randomUUID().toString();
        publish(topic, payload);
        // A good message with a marker right after: the gateway is still running and forwarding.
        publish("fg/" + c + "/B1/dev-2/telemetry",
                "{\"ts\":" + System.currentTimeMillis() + ",\"metrics\":{\"ok\":1},\"marker\":\"" + marker + "\"}");
        java.util.function.Function<List<String>, List<DeadLetter>> mine = values -> values.stream()
                .map(v -> Json.read(v.getBytes(StandardCharsets.UTF_8), DeadLetter.class))
                .filter(d -> topic.equals(d.mqttTopic()) && reason.equals(d.reason())
                        && (reason.equals("too_large") || d.payload().equals(payload))).toList();
        // Several cases share topic and reason: wait for this payload's own dead letter.
        List<DeadLetter> dead = mine.apply(KafkaTail.readUntil(e.kafkaBootstrap(), Topics.DLQ.name(),
                v -> !mine.apply(v).isEmpty(), Duration.ofSeconds(30)));
        assertEquals(1, dead.size(), name + ": exactly one dead letter, carrying the original payload");
        DeadLetter d = dead.get(0);
        assertEquals(payload.length(), d.payload().length());
        assertTrue(!d.detail().isBlank());
        List<String> good = KafkaTail.readUntil(e.kafkaBootstrap(), Topics.TELEMETRY.name(),
                v -> v.stream().anyMatch(s -> s.contains("dev-2") && s.contains(c)), Duration.ofSeconds(30));
        assertTrue(good.stream().anyMatch(s -> s.contains("dev-2") && s.contains(c)), "gateway still forwards");
    }

    private void publish(String topic, String payload) throws Exception {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        pub.publish(topic, m);
    }
}
