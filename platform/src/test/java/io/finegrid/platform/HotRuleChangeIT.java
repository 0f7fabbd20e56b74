package io.finegrid.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.deadletter.DeadLetter;
import io.finegrid.model.json.Json;
import io.finegrid.model.topic.Topics;
import io.finegrid.platform.config.ConfigCommand;
import io.finegrid.platform.config.ConfigTopic;
import io.finegrid.testkit.Endpoints;
import io.finegrid.testkit.KafkaTail;
import io.finegrid.testkit.LocalStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A rule change published with {@code finegrid config publish} reaches the running job through
 * fg.config: the removed rule's open alert resolves at once, the added rule decides the next
 * event, and a document that would break the configuration is refused (by the command before it
 * is sent, and by the job when it is sent anyway, to fg.dlq).
 */
class HotRuleChangeIT {
    static final String COMMUNITY = "hotrules";
    final Endpoints e = LocalStack.shared().endpoints();

    @Test
    void aPublishedRuleChangeTakesEffectWithoutARestart() throws Exception {
        long base = (System.currentTimeMillis() - 20 * 60_000) / 1000 * 1000;
        try (Platform platform = TestCommunity.start(COMMUNITY); TestCommunity.Publisher mqtt = new TestCommunity.Publisher()) {
            for (int t = 0; t <= 40; t += 10) {
                mqtt.publish("fg/" + COMMUNITY + "/B01/wp-1/telemetry", String.format(Locale.ROOT,
                        "{\"ts\":%d,\"seq\":%d,\"metrics\":{\"pressure_mpa\":0.1}}", base + t * 1000L, t + 1));
            }
            AlertTransition firing = TestCommunity.alerts(COMMUNITY, 1).get(0);
            assertEquals("pump-low-pressure|wp-1", firing.fingerprint());

            Path rules = Files.createTempFile("rules", ".yaml");
            Files.writeString(rules, """
                    rules:
                      - {id: pump-fault, kind: event, deviceType: water_pump, eventType: fault,
                         severity: major, category: water_supply}
                    """);
            assertEquals(0, command("publish", "--rules", rules.toString(), "--id", COMMUNITY));
            List<AlertTransition> after = TestCommunity.alerts(COMMUNITY, 2);
            assertEquals(AlertState.RESOLVED, after.get(1).state(), "resolved with no further reading");
            assertEquals(firing.alertId(), after.get(1).alertId());
            assertTrue(after.get(1).summary().contains("removed"), after.get(1).summary());

            mqtt.publish("fg/" + COMMUNITY + "/B01/wp-2/event", String.format(Locale.ROOT,
                    "{\"ts\":%d,\"seq\":1,\"type\":\"fault\",\"code\":\"P7\"}", base + 60_000));
            List<AlertTransition> added = TestCommunity.alerts(COMMUNITY, 3);
            assertEquals("pump-fault|wp-2", added.get(2).fingerprint());
            assertEquals(base + 60_000, added.get(2).startsAt());

            // The command refuses a file that breaks the whole, naming file and line ...
            Files.writeString(rules, "rules:\n  - {id: x, kind: sometimes, deviceType: \"*\", severity: minor, category: water_supply}\n");
            assertEquals(1, command("publish", "--rules", rules.toString(), "--id", COMMUNITY));
            // ... and the job refuses it when it arrives anyway, to fg.dlq, keeping the rules it has.
            ConfigTopic.publish(e.kafkaBootstrap(), List.of(new ConfigDocument("rules", COMMUNITY, Files.readString(rules),
                    System.currentTimeMillis())));
            List<DeadLetter> refused = refusedConfig();
            assertEquals("invalid_config", refused.get(0).reason());
            assertTrue(refused.get(0).detail().contains("rules.yaml:2"), refused.get(0).detail());
            mqtt.publish("fg/" + COMMUNITY + "/B01/wp-1/event", String.format(Locale.ROOT,
                    "{\"ts\":%d,\"seq\":100,\"type\":\"fault\",\"code\":\"P8\"}", base + 70_000));
            assertEquals("pump-fault|wp-1", TestCommunity.alerts(COMMUNITY, 4).get(3).fingerprint());
        }
    }

    private int command(String... args) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ConfigCommand.run(args, e.kafkaBootstrap(), System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
        System.err.print(err.toString(StandardCharsets.UTF_8));
        if (status == 1) {
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("rules.yaml:2"), err.toString(StandardCharsets.UTF_8));
        }
        return status;
    }

    private List<DeadLetter> refusedConfig() {
        java.util.function.Function<List<String>, List<DeadLetter>> of = raw -> raw.stream()
                .map(s -> Json.read(s.getBytes(StandardCharsets.UTF_8), DeadLetter.class))
                .filter(d -> "fg.config".equals(d.source()) && d.detail().contains(COMMUNITY)).toList();
        return of.apply(KafkaTail.readUntil(e.kafkaBootstrap(), Topics.DLQ.name(), v -> !of.apply(v).isEmpty(),
                Duration.ofSeconds(60)));
    }
}
