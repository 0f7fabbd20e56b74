package io.finegrid.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.json.Json;
import io.finegrid.testkit.HostPort;
import io.finegrid.testkit.LocalStack;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;

/**
 * The whole path of issue #6 on real services: a pump loses pressure (MQTT), the job raises the
 * alert and the crew's phone gets it; nobody answers, so the job escalates to the grid manager,
 * who gets an e-mail although the alerting service was restarted meanwhile; the manager
 * acknowledges through the API and the escalation stops short of the street office.
 */
class AlertingEndToEndIT {
    static final String COMMUNITY = "esc";
    static final String RULES = """
            rules:
              - {id: pump-low-pressure, kind: threshold, deviceType: water_pump, metric: pressure_mpa,
                 below: 0.15, clear: 0.18, for: 2s, severity: major, category: water_supply}
            """;

    @Test
    void anAlertReachesItsCrewEscalatesToTheManagerAndStopsWhenAcknowledged() throws Exception {
        GreenMail mail = new GreenMail(new ServerSetup(HostPort.freeLoopback().port(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        String crewTopic = "fg/" + COMMUNITY + "/crews/crew-1";
        String responsibilities = """
                recipients:
                  - {id: crew-1, org: utility-water, channels: [{mqtt: "%s"}]}
                  - {id: gm-1, org: committee, channels: [{email: "gm@example.org"}]}
                  - {id: office, org: street-office, channels: [{email: "office@example.org"}]}
                assignments:
                  - {grid: "*", category: "*", crew: crew-1, escalate: [{after: 4s, to: gm-1}, {after: 30s, to: office}]}
                notify: {groupWait: 1s, repeatInterval: 1h}
                """.formatted(crewTopic);
        List<Map<?, ?>> pushes = new CopyOnWriteArrayList<>();
        MqttClient phone = new MqttClient(LocalStack.shared().endpoints().mqttUrl(), "phone-" + UUID.randomUUID(),
                new MemoryPersistence());
        phone.connect(new MqttConnectionOptions());
        phone.subscribe(new MqttSubscription[] {new MqttSubscription(crewTopic, 1)},
                new IMqttMessageListener[] {(t, m) -> pushes.add(Json.read(m.getPayload(), Map.class))});
        try (Platform platform = TestCommunity.start(COMMUNITY, RULES, responsibilities, s -> s.withAlerting(
                new Platform.Alerting(s.alerting().service().withSmtp("127.0.0.1", mail.getSmtp().getPort(), "fg@example.org"),
                        List.of("gm-token gm-1", "crew-token crew-1"))));
             TestCommunity.Publisher mqtt = new TestCommunity.Publisher()) {
            TestCommunity.LowPressure feeder = new TestCommunity.LowPressure(mqtt, COMMUNITY, "wp-1");

            await("the crew's phone hears of it", () -> pushes.stream().anyMatch(p -> "firing".equals(p.get("state"))));
            String alertId = (String) pushes.get(0).get("alertId");
            long startsAt = ((Number) pushes.get(0).get("startsAt")).longValue();

            // A resident reports no water, without naming the pump: one incident with the pump's alarm.
            Thread.sleep(1_000);
            mqtt.publish("fg/" + COMMUNITY + "/requests", "{\"ts\":" + System.currentTimeMillis()
                    + ",\"requestId\":\"R-esc-1\",\"status\":\"opened\",\"category\":\"water_supply\","
                    + "\"building\":\"B01\",\"reporter\":\"r-1\"}");
            String report = io.finegrid.testkit.KafkaTail.readUntil(LocalStack.shared().endpoints().kafkaBootstrap(),
                    "fg.requests", l -> l.stream().anyMatch(v -> v.contains("R-esc-1")), Duration.ofSeconds(60))
                    .stream().filter(v -> v.contains("R-esc-1")).findFirst().orElseThrow();
            assertTrue(report.contains("\"alertIds\":[\"" + alertId + "\"]"), "the report's normalized form: " + report);

            // The alerting service goes down; the job escalates meanwhile (it owns the lifecycle).
            platform.restartAlerting(() -> TestCommunity.alertsUntil(COMMUNITY, a -> a.stream()
                    .anyMatch(t -> t.state() == AlertState.ESCALATED)));
            await("the manager's e-mail", () -> mail.getReceivedMessages().length >= 1);
            MimeMessage m = mail.getReceivedMessages()[0];
            assertEquals("gm@example.org", m.getAllRecipients()[0].toString());
            assertTrue(m.getSubject().contains("escalated"), m.getSubject());

            HttpResponse<String> ack = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            "http://127.0.0.1:" + platform.httpPort() + "/api/alerts/" + alertId + "/ack"))
                    .header("Authorization", "Bearer gm-token").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, ack.statusCode(), ack.body());
            List<AlertTransition> seen = TestCommunity.alertsUntil(COMMUNITY, a -> a.stream()
                    .anyMatch(t -> t.state() == AlertState.ACKNOWLEDGED));
            AlertTransition acked = seen.stream().filter(t -> t.state() == AlertState.ACKNOWLEDGED).findFirst().orElseThrow();
            assertEquals("gm-1", acked.actor());
            assertEquals(List.of("R-esc-1"), acked.requestIds(), "the report rides on the alert's next transition");
            assertEquals(1, acked.escalationLevel());
            await("the crew hears it was acknowledged", () -> pushes.stream()
                    .anyMatch(p -> "acknowledged".equals(p.get("state"))));

            // Event time moves on past the street office's level: nobody is told.
            while (System.currentTimeMillis() < startsAt + 38_000) {
                Thread.sleep(500);
            }
            List<AlertTransition> all = TestCommunity.alertsUntil(COMMUNITY, a -> a.stream().filter(t -> t.alertId().equals(alertId)).count() >= 3).stream()
                    .filter(t -> t.alertId().equals(alertId)).toList();
            assertEquals(List.of(AlertState.FIRING, AlertState.ESCALATED, AlertState.ACKNOWLEDGED),
                    all.stream().map(AlertTransition::state).toList(), "one transition each, nothing after the ack");
            assertEquals(1, pushes.stream().filter(p -> "firing".equals(p.get("state"))).count(),
                    "the restart sent nothing again");
            assertTrue(Arrays.stream(mail.getReceivedMessages()).noneMatch(x -> {
                try {
                    return x.getAllRecipients()[0].toString().equals("office@example.org");
                } catch (Exception e) {
                    return true;
                }
            }), "no e-mail to the street office");
            // The grid's health every 10 s: three devices, one heard from, one major alert and the report open.
            List<Map<String, Object>> health = TestCommunity.awaitRows("SELECT * FROM grid_health WHERE community='"
                    + COMMUNITY + "' AND grid='G1' AND alerts_major = 1 AND requests_open = 1", 1);
            Map<String, Object> h = health.get(0);
            assertEquals(3, ((Number) h.get("devices")).intValue(), h.toString());
            assertEquals(1, ((Number) h.get("online")).intValue(), h.toString());
            assertEquals(1, ((Number) h.get("requests_open")).intValue(), "the resident's report: " + h);
            assertEquals(0, ((Number) h.get("time")).longValue() % 10_000, "stamped with the window's start");
        } finally {
            
            phone.disconnect();
            phone.close();
            mail.stop();
        }
    }

    private static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 90 s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
