package io.finegrid.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.deadletter.DeadLetter;
import io.finegrid.model.json.Json;
import io.finegrid.model.topic.Topics;
import io.finegrid.testkit.Endpoints;
import io.finegrid.testkit.KafkaTail;
import io.finegrid.testkit.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One trace through everything real: mosquitto, the ingest gateway, Kafka, the Flink job on a
 * MiniCluster, InfluxDB. Given readings of known values, then exactly these telemetry_1m rows,
 * this alert, these dead letters.
 */
class EndToEndIT {
    static final String COMMUNITY = "e2e";
    final Endpoints e = LocalStack.shared().endpoints();

    @Test
    void readingsBecomeRollupsAlertsAndDeadLetters() throws Exception {
        // Event time half an hour ago, aligned to the minute: rollup windows are known in advance.
        long base = (System.currentTimeMillis() - 30 * 60_000) / 60_000 * 60_000;
        try (Platform platform = TestCommunity.start(COMMUNITY); TestCommunity.Publisher mqtt = new TestCommunity.Publisher()) {
            Map<Long, List<Double>> expected = new TreeMap<>();
            String topic = "fg/" + COMMUNITY + "/B01/wp-1/telemetry";
            long seq = 0;
            for (int t = 0; t < 180; t += 10) {
                // Normal 0.40 + t/10000; a breach (0.10..0.12) from 60 s to 120 s; 0.2 clears at 130 s.
                double p = t >= 60 && t <= 120 ? 0.10 + (t % 30) / 1000.0 : (t == 130 ? 0.2 : 0.40 + t / 10000.0);
                String reading = String.format(Locale.ROOT, "{\"ts\":%d,\"seq\":%d,\"metrics\":{\"pressure_mpa\":%s,\"running\":true}}",
                        base + t * 1000L, ++seq, p);
                mqtt.publish(topic, reading);
                if (t == 40) {
                    mqtt.publish(topic, reading); // a QoS 1 redelivery: counted once
                }
                expected.computeIfAbsent(base + (t / 60) * 60_000L, k -> new ArrayList<>()).add(p);
            }
            // A gateway batch for the second pump, with one bad element.
            mqtt.publish("fg/" + COMMUNITY + "/B01/wp-2/telemetry", String.format(Locale.ROOT,
                    "[{\"ts\":%d,\"metrics\":{\"pressure_mpa\":0.5}},{\"ts\":%d,\"metrics\":{}}]", base + 5_000, base + 6_000));
            mqtt.publish(topic, "not json");
            mqtt.publish("fg/" + COMMUNITY + "/B01/nobody/telemetry",
                    "{\"ts\":" + (base + 1000) + ",\"metrics\":{\"x\":1}}");
            // Far-ahead readings move event time past every window above.
            mqtt.publish(topic, "{\"ts\":" + (base + 600_000) + ",\"seq\":1000,\"metrics\":{\"pressure_mpa\":0.4}}");
            mqtt.publish("fg/" + COMMUNITY + "/B01/wp-2/telemetry",
                    "{\"ts\":" + (base + 600_000) + ",\"metrics\":{\"pressure_mpa\":0.4}}");

            List<AlertTransition> alerts = TestCommunity.alerts(COMMUNITY, 2);
            assertEquals(List.of(AlertState.FIRING, AlertState.RESOLVED), alerts.stream().map(AlertTransition::state).toList());
            AlertTransition firing = alerts.get(0);
            assertEquals("pump-low-pressure|wp-1", firing.fingerprint());
            assertEquals(base + 60_000, firing.startsAt());
            assertEquals(base + 90_000, firing.updatedAt(), "held for 30 s of event time");
            assertEquals("G1", firing.grid());
            assertEquals("crew-1", firing.assignee().crew());
            assertEquals(base + 130_000, alerts.get(1).updatedAt());
            assertEquals(firing.alertId(), alerts.get(1).alertId());

            List<Map<String, Object>> rows = TestCommunity.awaitRows("SELECT \"count\",\"mean\",\"min\",\"max\",\"last\" FROM telemetry_1m"
                    + " WHERE community='" + COMMUNITY + "' AND device='wp-1' AND metric='pressure_mpa' AND time < "
                    + (base + 180_000) + "ms", 3);
            assertEquals(3, rows.size(), rows.toString());
            int i = 0;
            for (Map.Entry<Long, List<Double>> minute : expected.entrySet()) {
                Map<String, Object> r = rows.get(i++);
                List<Double> v = minute.getValue();
                assertEquals(minute.getKey(), ((Number) r.get("time")).longValue());
                assertEquals(v.size(), ((Number) r.get("count")).intValue(), "duplicates are not counted");
                assertEquals(v.stream().mapToDouble(d -> d).average().orElseThrow(), ((Number) r.get("mean")).doubleValue(), 1e-9);
                assertEquals(v.stream().mapToDouble(d -> d).min().orElseThrow(), ((Number) r.get("min")).doubleValue(), 1e-12);
                assertEquals(v.stream().mapToDouble(d -> d).max().orElseThrow(), ((Number) r.get("max")).doubleValue(), 1e-12);
                assertEquals(v.get(v.size() - 1), ((Number) r.get("last")).doubleValue(), 1e-12);
            }
            List<Map<String, Object>> alertRows = TestCommunity.awaitRows("SELECT alert_id, \"value\" FROM alerts WHERE community='"
                    + COMMUNITY + "' AND rule='pump-low-pressure' GROUP BY state", 2);
            assertEquals(2, alertRows.size(), alertRows.toString());

            Map<String, Long> reasons = deadLetters(3).stream()
                    .collect(Collectors.groupingBy(DeadLetter::reason, Collectors.counting()));
            assertEquals(Map.of("empty_metrics", 1L, "bad_json", 1L, "unknown_device", 1L), reasons);

            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + platform.httpPort() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains("\"jobs\":\"up\""), health.body());
            HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + platform.httpPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, metrics.statusCode(), "metrics need the bearer token");
        }
    }

    private List<DeadLetter> deadLetters(int n) {
        java.util.function.Function<List<String>, List<DeadLetter>> of = raw -> raw.stream()
                .map(s -> Json.read(s.getBytes(), DeadLetter.class))
                .filter(d -> d.mqttTopic() != null && d.mqttTopic().startsWith("fg/" + COMMUNITY + "/")).toList();
        return of.apply(KafkaTail.readUntil(e.kafkaBootstrap(), Topics.DLQ.name(), v -> of.apply(v).size() >= n,
                Duration.ofSeconds(60)));
    }

}
