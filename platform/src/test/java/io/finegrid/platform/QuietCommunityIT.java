package io.finegrid.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.json.Json;
import io.finegrid.model.topic.Topics;
import io.finegrid.testkit.KafkaTail;
import io.finegrid.testkit.LocalStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A community that falls quiet for longer than the source idleness (2 s here) but shorter than any
 * device's allowed silence (3 intervals of 10 s) raises nothing: the configuration input must not
 * carry the job's event time to the end of time once the device inputs are idle (which fired every
 * timer and forgot every device).
 */
class QuietCommunityIT {
    static final String COMMUNITY = "quiet";

    @Test
    void aShortSilenceIsNotTheEndOfTime() throws Exception {
        long base = System.currentTimeMillis() - 20_000;
        try (Platform platform = TestCommunity.start(COMMUNITY, """
                rules:
                  - {id: offline, kind: offline, deviceType: "*", missed: 3, severity: minor, category: water_supply}
                """); TestCommunity.Publisher mqtt = new TestCommunity.Publisher()) {
            for (int i = 0; i <= 2; i++) {
                mqtt.publish("fg/" + COMMUNITY + "/B01/wp-1/telemetry", String.format(Locale.ROOT,
                        "{\"ts\":%d,\"seq\":%d,\"metrics\":{\"pressure_mpa\":0.4}}", base + i * 10_000L, i + 1));
            }
            Thread.sleep(8_000); // idle sources after 2 s; wp-1 may be silent 30 s of event time
            List<AlertTransition> mine = KafkaTail.readUntil(LocalStack.shared().endpoints().kafkaBootstrap(),
                            Topics.ALERTS.name(), v -> false, Duration.ofSeconds(3)).stream()
                    .map(v -> Json.read(v.getBytes(StandardCharsets.UTF_8), AlertTransition.class))
                    .filter(a -> a.community().equals(COMMUNITY)).toList();
            assertEquals(List.of(), mine);
        }
    }
}
