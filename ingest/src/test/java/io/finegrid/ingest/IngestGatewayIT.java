package io.finegrid.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.model.codec.DeviceDirectory;
import io.finegrid.model.codec.TopicKind;
import io.finegrid.model.deadletter.DeadLetter;
import io.finegrid.model.http.HttpEndpoint;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import io.finegrid.model.deadletter.Reason;
import io.finegrid.model.device.NormalizedReading;
import io.finegrid.model.json.Json;
import io.finegrid.model.request.NormalizedRequest;
import io.finegrid.model.topic.Topics;
import io.finegrid.testkit.Endpoints;
import io.finegrid.testkit.HostPort;
import io.finegrid.testkit.KafkaTail;
import io.finegrid.testkit.LocalStack;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

/** The gateway between a real mosquitto and a real Kafka. */
class IngestGatewayIT {
    final Endpoints e = LocalStack.shared().endpoints();
    static final DeviceDirectory DIR = (c, d) -> d.startsWith("dev-") ? Optional.of("B1") : Optional.empty();

    @Test
    void everyTopicKindReachesItsKafkaTopicAndRejectionsTheDeadLetterTopic() throws Exception {
        String c = "ing" + UUID.randomUUID().toString().substring(0, 6);
        long now = System.currentTimeMillis();
        try (IngestGateway g = new IngestGateway(IngestSettings.defaults(e.mqttUrl(), e.kafkaBootstrap())
                .withClientId("it-" + c), DIR, Clock.systemUTC()).start()) {
            MqttClient pub = publisher();
            publish(pub, "fg/" + c + "/B1/dev-1/telemetry", "[{\"ts\":" + now + ",\"seq\":1,\"metrics\":{\"t\":1}},"
                    + "{\"ts\":" + now + ",\"seq\":2,\"metrics\":{\"t\":2}}]");
            publish(pub, "fg/" + c + "/B1/dev-1/event", "{\"ts\":" + now + ",\"type\":\"fault\",\"code\":\"E30\"}");
            publish(pub, "fg/" + c + "/B1/dev-1/status", "{\"ts\":" + now + ",\"online\":false}");
            publish(pub, "fg/" + c + "/requests", "{\"ts\":" + now + ",\"requestId\":\"R-1\",\"status\":\"opened\","
                    + "\"category\":\"water_supply\",\"building\":\"B1\",\"reporter\":\"r-1\"}");
            publish(pub, "fg/" + c + "/B1/dev-1/event", "{\"ts\":" + now + ",\"type\":\"explosion\"}");
            pub.disconnect();

            List<NormalizedReading> readings = mine(Topics.TELEMETRY.name(), c, 2).stream()
                    .map(s -> Json.read(s.getBytes(StandardCharsets.UTF_8), NormalizedReading.class)).toList();
            assertEquals(List.of(1L, 2L), readings.stream().map(NormalizedReading::seq).toList());
            assertEquals("B1", readings.get(0).building());
            assertTrue(readings.get(0).ingestTs() >= now);
            assertEquals(1, mine(Topics.EVENTS.name(), c, 1).size());
            assertEquals(1, mine(Topics.STATUS.name(), c, 1).size());
            NormalizedRequest rq = Json.read(mine(Topics.REQUESTS.name(), c, 1).get(0).getBytes(StandardCharsets.UTF_8),
                    NormalizedRequest.class);
            assertEquals("R-1", rq.requestId());
            DeadLetter d = Json.read(mine(Topics.DLQ.name(), c, 1).get(0).getBytes(StandardCharsets.UTF_8), DeadLetter.class);
            assertEquals("unknown_value", d.reason());
            assertEquals("event", d.source());
            assertEquals("{\"ts\":" + now + ",\"type\":\"explosion\"}", d.payload());
            // The PUBACK follows Kafka's acknowledgement asynchronously: give it a moment.
            for (int i = 0; i < 50 && g.counters().acknowledged() < 5; i++) {
                Thread.sleep(100);
            }
            assertEquals(5, g.counters().acknowledged(), "five MQTT messages, one of them a batch of two");
            assertEquals(1, g.counters().rejected(Reason.UNKNOWN_VALUE));
            assertEquals(2, g.counters().acceptedOf(TopicKind.TELEMETRY));

            try (HttpEndpoint http = new HttpEndpoint(0, "tok", g.components(), List.of(g::writeMetrics)).start()) {
                awaitKafkaProbe(g);
                assertEquals(200, get(http, "/health", null).statusCode());
                assertEquals(401, get(http, "/metrics", null).statusCode());
                String metrics = get(http, "/metrics", "tok").body();
                assertTrue(metrics.contains("fg_ingest_received_total 5"), metrics);
                assertTrue(metrics.contains("fg_ingest_rejected_total{reason=\"unknown_value\"} 1"), metrics);
                assertTrue(metrics.contains("fg_ingest_forwarded_total 6"), metrics);
                assertTrue(metrics.contains("fg_ingest_kafka_send_seconds_count 6"), metrics);
                assertTrue(metrics.contains("fg_ingest_kafka_send_seconds_bucket{le=\"+Inf\"} 6"), metrics);
            }
        }
    }

    /**
     * Kafka unreachable: the gateway must not acknowledge. The broker keeps the messages in the
     * gateway's persistent session, and the same gateway (same client id) delivers every one of
     * them once Kafka is back.
     */
    @Test
    void messagesNotInKafkaAreNotAcknowledgedAndArriveAfterARestart() throws Exception {
        String c = "out" + UUID.randomUUID().toString().substring(0, 6);
        String clientId = "it-outage-" + c;
        long now = System.currentTimeMillis();
        IngestSettings deadKafka = IngestSettings.defaults(e.mqttUrl(), HostPort.freeLoopback().toString())
                .withClientId(clientId)
                .withKafkaProperties(Map.of("max.block.ms", 1000, "delivery.timeout.ms", 3000, "request.timeout.ms", 1000));
        try (IngestGateway g = new IngestGateway(deadKafka, DIR, Clock.systemUTC()).start()) {
            MqttClient pub = publisher();
            for (int i = 0; i < 20; i++) {
                publish(pub, "fg/" + c + "/B1/dev-" + i + "/telemetry", "{\"ts\":" + now + ",\"seq\":" + i + ",\"metrics\":{\"t\":1}}");
            }
            pub.disconnect();
            Thread.sleep(3000);
            assertEquals(0, g.counters().acknowledged(), "nothing may be acknowledged while Kafka is unreachable");
            // Held and retried, not acknowledged; the rest waits in the broker (send() blocks on metadata).
            assertTrue(g.counters().inFlight() >= 1 && g.counters().inFlight() == g.counters().mqttMessages());
            try (HttpEndpoint http = new HttpEndpoint(0, "tok", g.components(), List.of(g::writeMetrics)).start()) {
                HttpResponse<String> health = get(http, "/health", null);
                assertEquals(503, health.statusCode(), "health fails while Kafka is unreachable");
                assertTrue(health.body().contains("\"kafka\":\"down\""), health.body());
            }
        }
        try (IngestGateway g = new IngestGateway(IngestSettings.defaults(e.mqttUrl(), e.kafkaBootstrap())
                .withClientId(clientId), DIR, Clock.systemUTC()).start()) {
            List<String> got = mine(Topics.TELEMETRY.name(), c, 20);
            assertEquals(20, got.stream().map(s -> Json.read(s.getBytes(StandardCharsets.UTF_8), NormalizedReading.class).deviceId())
                    .distinct().count(), "every message published during the outage reached Kafka");
        }
    }

    private static void awaitKafkaProbe(IngestGateway g) throws InterruptedException {
        for (int i = 0; i < 100 && !g.kafkaReachable(); i++) {
            Thread.sleep(100);
        }
    }

    private static HttpResponse<String> get(HttpEndpoint http, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private MqttClient publisher() throws Exception {
        MqttClient p = new MqttClient(e.mqttUrl(), "pub-" + UUID.randomUUID(), new MemoryPersistence());
        p.connect(new MqttConnectionOptions());
        return p;
    }

    private static void publish(MqttClient p, String topic, String payload) throws Exception {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        p.publish(topic, m);
    }

    private List<String> mine(String topic, String community, int n) {
        List<String> all = KafkaTail.readUntil(e.kafkaBootstrap(), topic,
                v -> v.stream().filter(s -> s.contains("/" + community + "/") || s.contains("\"" + community + "\"")).count() >= n,
                Duration.ofSeconds(60));
        return all.stream().filter(s -> s.contains("/" + community + "/") || s.contains("\"" + community + "\"")).toList();
    }
}
