package io.finegrid.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.NotificationRecord;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The alerting service against real Kafka, mosquitto, an SMTP server and HTTP receivers, in the
 * style of Alertmanager's acceptance tests: raise at t, expect exactly these messages between
 * t + a and t + b. Group wait is 1 s.
 */
class NotificationAcceptanceIT {
    static final Duration LATE = Duration.ofSeconds(20);

    @Test
    void aRaisedAlertReachesItsCrewOnceOverEachChannelAfterTheGroupWait() throws Exception {
        try (Scene s = new Scene("1h")) {
            long t0 = System.currentTimeMillis();
            s.raise(s.alert("a-1", "pump-low", "water_supply", "G1", "B01", "wp-1", AlertState.FIRING, t0));
            Scene.await("webhook", LATE, () -> s.crewHook.hits().size() == 1);
            Scene.await("mqtt push", LATE, () -> s.inbox.messages().size() == 1);
            Scene.await("e-mail", LATE, () -> s.mail.getReceivedMessages().length == 1);
            WebhookReceiver.Hit hit = s.crewHook.hits().get(0);
            assertTrue(hit.at() - t0 >= 1_000, "not before the group wait: " + (hit.at() - t0) + " ms");
            assertEquals("a-1", hit.body().get("alertId"), "the body is the alert transition");
            assertEquals("firing", hit.body().get("state"));
            assertEquals(1, hit.body().get("count"));
            assertTrue(hit.key().startsWith("n-"), "an idempotency key");
            MimeMessage m = s.mail.getReceivedMessages()[0];
            assertEquals("crew@example.org", m.getAllRecipients()[0].toString());
            assertTrue(m.getSubject().contains("pump-low"), m.getSubject());
            assertEquals("a-1", s.inbox.messages().get(0).get("alertId"));
            Thread.sleep(2_000);
            assertEquals(1, s.crewHook.hits().size(), "exactly one");
            assertEquals(1, s.inbox.messages().size());
            assertEquals(1, s.mail.getReceivedMessages().length);
            assertEquals(0, s.crew2Hook.hits().size(), "G1 is not crew2's");
        }
    }

    @Test
    void aResponsibilityListPublishedOnFgConfigReroutesTheRunningServiceAndABrokenOneChangesNothing() throws Exception {
        try (Scene s = new Scene("1h")) {
            // Names a crew nobody defines: refused, counted, and the service keeps what it has.
            s.publishConfig("responsibilities", s.config.responsibilities().replace("crew: crew2}", "crew: nobody}"));
            Scene.await("the broken list refused", LATE, () -> s.metric("fg_alerting_config_rejected_total") == 1);
            // The crew's phone changed: its only channel is now the other webhook.
            String crewChannels = "[{webhook: \"" + s.crewHook.url() + "\"}, {mqtt: \"fg/" + s.community
                    + "/crews/crew\"}, {email: \"crew@example.org\"}]";
            assertTrue(s.config.responsibilities().contains(crewChannels));
            s.publishConfig("responsibilities", s.config.responsibilities().replace(crewChannels,
                    "[{webhook: \"" + s.crew2Hook.url() + "\"}]"));
            Scene.await("the new list applied", LATE,
                    () -> s.metric("fg_alerting_config_applied_total", "kind", "responsibilities") == 1);
            long t0 = System.currentTimeMillis();
            s.raise(s.alert("a-1", "pump-low", "water_supply", "G1", "B01", "wp-1", AlertState.FIRING, t0));
            Scene.await("the crew's new address", LATE, () -> s.crew2Hook.hits().size() == 1);
            assertEquals("a-1", s.crew2Hook.hits().get(0).body().get("alertId"));
            // A restart begins from the files and catches up with fg.config before it routes anything.
            s.stop();
            s.start();
            s.raise(s.alert("a-2", "pump-low", "water_supply", "G1", "B02", "wp-2", AlertState.FIRING, t0));
            Scene.await("after a restart, still the new address", LATE, () -> s.crew2Hook.hits().size() == 2);
            Thread.sleep(2_000);
            assertEquals(0, s.crewHook.hits().size(), "nothing to the old address");
            assertEquals(0, s.mail.getReceivedMessages().length, "the crew has no e-mail channel any more");
            assertEquals(0, s.inbox.messages().size(), "nor a push topic");
        }
    }

    @Test
    void aBurstOfFortyOfflineAlertsInOneBuildingIsOneMessage() throws Exception {
        try (Scene s = new Scene("1h")) {
            long t0 = System.currentTimeMillis();
            List<AlertTransition> burst = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                burst.add(s.alert("off-" + i, "device-offline", "device_maintenance", "G1", "B01", "sd-" + i,
                        AlertState.FIRING, t0));
            }
            s.raise(burst.toArray(AlertTransition[]::new));
            Scene.await("webhook", LATE, () -> !s.crewHook.hits().isEmpty());
            Thread.sleep(2_000);
            assertEquals(1, s.crewHook.hits().size(), "one message for the burst");
            Map<?, ?> body = s.crewHook.hits().get(0).body();
            assertEquals(40, body.get("count"));
            assertEquals(40, ((List<?>) body.get("alerts")).size());
            assertEquals(1, s.mail.getReceivedMessages().length);
            assertTrue(s.mail.getReceivedMessages()[0].getSubject().contains("+39 more"));
        }
    }

    @Test
    void aWebhookAnswering503TwiceGetsExactlyOneSuccessfulDeliveryUnderOneKeyAnd4xxIsNotRetried() throws Exception {
        try (Scene s = new Scene("1h")) {
            s.crewHook.answer(503, 503);
            s.crew2Hook.answer(400);
            long t0 = System.currentTimeMillis();
            s.raise(s.alert("a-1", "pump-low", "water_supply", "G1", "B01", "wp-1", AlertState.FIRING, t0),
                    s.alert("a-2", "pump-low", "water_supply", "G2", "B03", null, AlertState.FIRING, t0));
            Scene.await("third attempt", LATE, () -> s.crewHook.hits().size() == 3);
            Thread.sleep(2_000);
            List<WebhookReceiver.Hit> hits = s.crewHook.hits();
            assertEquals(3, hits.size());
            assertEquals(List.of(503, 503, 200), hits.stream().map(WebhookReceiver.Hit::answered).toList());
            assertEquals(1, hits.stream().map(WebhookReceiver.Hit::key).distinct().count(), "one key for every attempt");
            assertEquals(1, s.crew2Hook.hits().size(), "a 400 is the receiver refusing: not retried");
            Scene.await("log", LATE, () -> s.service.counters().get("fg_alerting_notifications_total", "channel", "webhook",
                    "result", "failed") == 1);
            var log = s.api("GET", "/api/notifications?limit=20", Scene.ADMIN, null);
            assertTrue(log.body().contains("\"status\":\"failed\"") && log.body().contains("HTTP 400"), log.body());
            assertTrue(log.body().contains("\"attempts\":3"), log.body());
        }
    }

    @Test
    void aSilenceHidesItsBuildingOnlyAndOnlyManagersOfTheGridMaySetIt() throws Exception {
        try (Scene s = new Scene("1h")) {
            long now = System.currentTimeMillis();
            String silence = "{\"matchers\":{\"building\":\"B02\"},\"endsAt\":" + (now + 3_600_000)
                    + ",\"comment\":\"pump room maintenance\"}";
            assertEquals(401, s.api("POST", "/api/silences", null, silence).statusCode());
            assertEquals(403, s.api("POST", "/api/silences", "crew-token", silence).statusCode(), "crews do not silence");
            assertEquals(403, s.api("POST", "/api/silences", "gm2-token", silence).statusCode(), "B02 is not in G2");
            assertEquals(400, s.api("POST", "/api/silences", "gm-token", "{\"matchers\":{\"floor\":\"3\"},\"endsAt\":"
                    + (now + 60_000) + "}").statusCode());
            assertEquals(201, s.api("POST", "/api/silences", "gm-token", silence).statusCode());
            s.raise(s.alert("a-silenced", "pump-low", "water_supply", "G1", "B02", null, AlertState.FIRING, now),
                    s.alert("a-heard", "pump-low", "water_supply", "G1", "B01", null, AlertState.FIRING, now));
            Scene.await("webhook", LATE, () -> s.crewHook.hits().size() == 1);
            Thread.sleep(2_000);
            assertEquals(1, s.crewHook.hits().size());
            assertEquals(1, s.crewHook.hits().get(0).body().get("count"));
            assertEquals("a-heard", s.crewHook.hits().get(0).body().get("alertId"));
            assertTrue(s.service.counters().get("fg_alerting_suppressed_total", "reason", "silenced") >= 1);
            assertTrue(s.api("GET", "/api/silences", "gm-token", null).body().contains("pump room maintenance"));
        }
    }

    @Test
    void anOpenPowerFailureInhibitsTheOfflineAlertsOfItsBuildingOnly() throws Exception {
        try (Scene s = new Scene("1h")) {
            long now = System.currentTimeMillis();
            s.raise(s.alert("power", "power-failure", "power_supply", "G1", "B01", null, AlertState.FIRING, now));
            Scene.await("power failure heard", LATE, () -> s.crewHook.hits().size() == 1);
            s.raise(s.alert("off-1", "device-offline", "device_maintenance", "G1", "B01", "sd-1", AlertState.FIRING, now),
                    s.alert("off-2", "device-offline", "device_maintenance", "G1", "B02", "sd-2", AlertState.FIRING, now));
            Scene.await("second message", LATE, () -> s.crewHook.hits().size() == 2);
            Thread.sleep(2_000);
            assertEquals(2, s.crewHook.hits().size());
            Map<?, ?> second = s.crewHook.hits().get(1).body();
            assertEquals("off-2", second.get("alertId"), "B02 has power: its offline alert is heard");
            assertEquals(1, second.get("count"));
            assertEquals(3, s.service.counters().get("fg_alerting_suppressed_total", "reason", "inhibited"),
                    "B01's offline alert held back from each of the crew's three channels");
        }
    }

    @Test
    void anUnacknowledgedAlertIsRepeatedAndOneAcknowledgedIsNot() throws Exception {
        try (Scene s = new Scene("2s")) {
            long now = System.currentTimeMillis();
            AlertTransition firing = s.alert("a-1", "pump-low", "water_supply", "G1", "B01", "wp-1", AlertState.FIRING, now);
            s.raise(firing);
            Scene.await("first", LATE, () -> s.crewHook.hits().size() == 1);
            Scene.await("a repeat", LATE, () -> s.crewHook.hits().size() == 2);
            long gap = s.crewHook.hits().get(1).at() - s.crewHook.hits().get(0).at();
            assertTrue(gap >= 2_000, "repeated after the interval, not before: " + gap + " ms");
            assertTrue(!s.crewHook.hits().get(0).key().equals(s.crewHook.hits().get(1).key()), "a repeat is a new message");
            s.raise(firing.next(AlertState.ACKNOWLEDGED, now + 5_000, 0, firing.assignee(), "crew"));
            Scene.await("the acknowledgement", LATE, () -> s.crewHook.hits().stream()
                    .anyMatch(h -> "acknowledged".equals(h.body().get("state"))));
            int seen = s.crewHook.hits().size();
            Thread.sleep(4_500);
            assertEquals(seen, s.crewHook.hits().size(), "no repeats once acknowledged");
        }
    }

    @Test
    void aRestartNeitherResendsWhatWasDeliveredNorForgetsWhatWasPending() throws Exception {
        try (Scene s = new Scene("1h")) {
            long now = System.currentTimeMillis();
            s.raise(s.alert("a-1", "pump-low", "water_supply", "G1", "B01", "wp-1", AlertState.FIRING, now));
            Scene.await("a-1 delivered", LATE, () -> s.crewHook.delivered().size() == 1);
            Scene.await("a-1 by e-mail", LATE, () -> s.mail.getReceivedMessages().length == 1);
            s.crewHook.answerOtherwise(503);
            s.raise(s.alert("a-2", "pump-low", "water_supply", "G1", "B02", null, AlertState.FIRING, now + 1));
            Scene.await("a-2 attempted", LATE, () -> s.crewHook.hits().size() >= 3);
            Scene.await("a-2 by e-mail", LATE, () -> s.mail.getReceivedMessages().length == 2);
            s.stop(); // mid-delivery: a-2's webhook still pending
            String pendingKey = s.crewHook.hits().get(s.crewHook.hits().size() - 1).key();
            s.crewHook.answerOtherwise(200);
            s.start();
            Scene.await("a-2 delivered after the restart", LATE, () -> s.crewHook.delivered().size() == 2);
            Thread.sleep(3_000);
            List<WebhookReceiver.Hit> ok = s.crewHook.delivered();
            assertEquals(2, ok.size(), "a-1 not sent again, a-2 sent once");
            assertEquals("a-2", ok.get(1).body().get("alertId"));
            assertEquals(pendingKey, ok.get(1).key(), "the same message, under the same key");
            assertEquals(2, s.mail.getReceivedMessages().length, "e-mails were delivered before: not sent again");
            assertEquals(2, s.inbox.messages().size());
        }
    }

    @Test
    void theApiLetsEachCallerActOnTheirOwnAlertsOnly() throws Exception {
        try (Scene s = new Scene("1h")) {
            long now = System.currentTimeMillis();
            s.raise(s.alert("a-g1", "pump-low", "water_supply", "G1", "B01", "wp-1", AlertState.FIRING, now),
                    s.alert("a-g2", "pump-low", "water_supply", "G2", "B03", null, AlertState.FIRING, now));
            Scene.await("both in the book", LATE, () -> s.service.book().open().size() == 2);
            assertEquals(401, s.api("GET", "/api/alerts", null, null).statusCode());
            assertEquals(401, s.api("GET", "/api/alerts", "nobody", null).statusCode());
            assertEquals(200, s.api("GET", "/health", null, null).statusCode());
            assertEquals(401, s.api("GET", "/metrics", "crew-token", null).statusCode(), "metrics: admin token");
            assertTrue(s.api("GET", "/metrics", Scene.ADMIN, null).body().contains("fg_alerting_transitions_total"));
            Set<String> seenByGm2 = ids(s.api("GET", "/api/alerts", "gm2-token", null).body());
            assertEquals(Set.of("a-g2"), seenByGm2, "a manager sees their grids");
            assertEquals(Set.of("a-g1", "a-g2"), ids(s.api("GET", "/api/alerts", Scene.ADMIN, null).body()));
            assertEquals(Set.of("a-g1"), ids(s.api("GET", "/api/alerts?severity=major", "crew-token", null).body()));
            assertEquals(403, s.api("POST", "/api/alerts/a-g1/ack", "crew2-token", null).statusCode(), "not crew2's");
            assertEquals(403, s.api("POST", "/api/alerts/a-g1/ack", "gm2-token", null).statusCode(), "not gm2's grid");
            assertEquals(403, s.api("GET", "/api/grids/G1/summary", "gm2-token", null).statusCode());
            assertEquals(404, s.api("POST", "/api/alerts/a-none/ack", Scene.ADMIN, null).statusCode());
            var acked = s.api("POST", "/api/alerts/a-g1/ack", "crew-token", "{\"comment\":\"on my way\"}");
            assertEquals(202, acked.statusCode(), acked.body());
            var resolved = s.api("POST", "/api/alerts/a-g2/resolve", "gm2-token", null);
            assertEquals(202, resolved.statusCode(), resolved.body());
            List<String> acks = io.finegrid.testkit.KafkaTail.readUntil(s.e.kafkaBootstrap(), "fg.alert-acks",
                    l -> l.stream().filter(v -> v.contains("\"a-g1\"") || v.contains("\"a-g2\"")).count() >= 2, LATE);
            String mine = acks.stream().filter(v -> v.contains("\"a-g1\"")).findFirst().orElseThrow();
            assertTrue(mine.contains("\"action\":\"ack\"") && mine.contains("\"by\":\"crew\"")
                    && mine.contains("on my way"), mine);
            assertTrue(acks.stream().anyMatch(v -> v.contains("\"a-g2\"") && v.contains("\"action\":\"resolve\"")
                    && v.contains("\"by\":\"gm2\"")));
            var summary = s.api("GET", "/api/grids/G1/summary", "gm-token", null);
            assertTrue(summary.body().contains("\"major\":1"), summary.body());
            assertEquals(400, s.api("GET", "/api/alerts?state=open", Scene.ADMIN, null).statusCode());
        }
    }

    private static Set<String> ids(String json) {
        List<?> l = io.finegrid.model.json.Json.read(json.getBytes(), List.class);
        return l.stream().map(m -> (String) ((Map<?, ?>) m).get("alertId")).collect(Collectors.toSet());
    }

    static boolean delivered(NotificationRecord r) {
        return NotificationRecord.DELIVERED.equals(r.status());
    }
}
