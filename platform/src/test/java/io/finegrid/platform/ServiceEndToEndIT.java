package io.finegrid.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.finegrid.model.alert.AlertTransition;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Residents' requests through everything real (mosquitto, the gateway, Kafka, the job, InfluxDB):
 * the SLA, backlog and consultation alerts on fg.alerts, and the backlog and kpi rows, as
 * worked out by hand below.
 */
class ServiceEndToEndIT {
    static final String COMMUNITY = "svc";
    static final long M = 60_000;
    static final long H = 3_600_000;

    @Test
    void requestsBecomeServiceAlertsBacklogAndKpis() throws Exception {
        long base = (System.currentTimeMillis() - 3 * H) / H * H;
        try (Platform platform = TestCommunity.start(COMMUNITY, TestCommunity.RULES, "10s", """
                services: [{category: water_supply, name: Water, respond: 5m, resolve: 1h}]
                backlog:
                  openPerGrid: 1
                  consultation: {reports: 2, within: 1h, scope: building}
                """); TestCommunity.Publisher mqtt = new TestCommunity.Publisher()) {
            String topic = "fg/" + COMMUNITY + "/requests";
            mqtt.publish(topic, request(base, "Q-1", "opened", ",\"category\":\"water_supply\",\"building\":\"B01\",\"reporter\":\"r-1\""));
            mqtt.publish(topic, request(base + M, "Q-2", "opened", ",\"category\":\"water_supply\",\"building\":\"B01\",\"reporter\":\"r-2\""));
            mqtt.publish(topic, request(base + 2 * M, "Q-2", "assigned", ",\"assignee\":\"crew-1\""));
            mqtt.publish(topic, request(base + 3 * M, "Q-2", "closed", ",\"rating\":5"));
            mqtt.publish(topic, request(base + 10 * M, "Q-1", "assigned", ",\"assignee\":\"crew-1\""));
            // A reading two hours on moves event time past the first hour.
            mqtt.publish("fg/" + COMMUNITY + "/B01/wp-1/telemetry", "{\"ts\":" + (base + 2 * H)
                    + ",\"metrics\":{\"pressure_mpa\":0.4}}");

            Set<String> expected = Set.of(
                    "sla-respond|Q-1 firing 5", "sla-respond|Q-1 resolved 10", // taken on at 10 min, due at 5
                    "backlog|G1|water_supply firing 1", "backlog|G1|water_supply resolved 3", // 2 open > 1, until Q-2 closed
                    "consultation|B01|water_supply firing 1", // two residents within the hour ...
                    "consultation|B01|water_supply resolved 60"); // ... until the first report is an hour old
            java.util.function.Function<List<AlertTransition>, Set<String>> seen = a -> a.stream()
                    .map(t -> t.fingerprint() + " " + t.state().wire() + " " + (t.updatedAt() - base) / M)
                    .collect(Collectors.toSet());
            List<AlertTransition> alerts = TestCommunity.alertsUntil(COMMUNITY, a -> seen.apply(a).containsAll(expected));
            assertEquals(expected, seen.apply(alerts).stream().filter(s -> !s.startsWith("sla-resolve")
                    && !s.contains("pump")).collect(Collectors.toSet()));
            AlertTransition sla = alerts.stream().filter(a -> a.rule().equals("sla-respond")).findFirst().orElseThrow();
            assertEquals("Q-1", sla.requestId());
            assertEquals("G1", sla.grid());
            assertEquals("crew-1", sla.assignee().crew());

            List<Map<String, Object>> backlog = TestCommunity.awaitRows("SELECT \"open\", opened FROM backlog WHERE community='"
                    + COMMUNITY + "' AND grid='G1' AND category='water_supply' AND time = " + (base + M) + "ms", 1);
            assertEquals(2, ((Number) backlog.get(0).get("open")).intValue(), backlog.toString());
            // Hour 0 for utility-water in G1: taken on after 600 s and 60 s; Q-2 finished 120 s
            // after opening, within both limits, rated 5; two reporters among 100 residents.
            List<Map<String, Object>> kpi = TestCommunity.awaitRows("SELECT * FROM kpi WHERE community='" + COMMUNITY
                    + "' AND time = " + base + "ms", 1);
            Map<String, Object> k = kpi.get(0);
            assertEquals("utility-water", k.get("org"));
            assertEquals(330.0, ((Number) k.get("mtta_s")).doubleValue(), 1e-9);
            assertEquals(120.0, ((Number) k.get("mttr_s")).doubleValue(), 1e-9);
            assertEquals(1.0, ((Number) k.get("sla_compliance")).doubleValue(), 1e-9);
            assertEquals(5.0, ((Number) k.get("satisfaction")).doubleValue(), 1e-9);
            assertEquals(2, ((Number) k.get("reporters")).intValue());
            assertEquals(20.0, ((Number) k.get("participation_per_1000")).doubleValue(), 1e-9);
        }
    }

    private static String request(long ts, String id, String status, String more) {
        return String.format(Locale.ROOT, "{\"ts\":%d,\"requestId\":\"%s\",\"status\":\"%s\"%s}", ts, id, status, more);
    }
}
