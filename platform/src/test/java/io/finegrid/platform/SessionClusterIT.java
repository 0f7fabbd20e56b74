package io.finegrid.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.ingest.IngestGateway;
import io.finegrid.ingest.IngestSettings;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.config.FineGridConfig;
import io.finegrid.testkit.Endpoints;
import io.finegrid.testkit.FlinkSession;
import io.finegrid.testkit.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The shaded job jar on a real multi-process Flink session cluster (JobManager and TaskManager
 * JVMs), submitted with Flink's CLI: the deployment path for installations that outgrow one machine.
 */
class SessionClusterIT {
    static final String COMMUNITY = "session";
    final Endpoints e = LocalStack.shared().endpoints();

    @Test
    void jobJarRunsOnASessionClusterAndRaisesAlerts() throws Exception {
        Path config = TestCommunity.writeConfig(COMMUNITY);
        Path jar = TestCommunity.jobJar();
        try (FlinkSession flink = FlinkSession.start(Files.createTempDirectory("fg-flink-session"), 2);
             IngestGateway ingest = new IngestGateway(IngestSettings.defaults(e.mqttUrl(), e.kafkaBootstrap())
                     .withClientId("session-it-ingest"), FineGridConfig.load(config).community().directory(),
                     Clock.systemUTC()).start();
             TestCommunity.Publisher mqtt = new TestCommunity.Publisher()) {
            String out = flink.submit(jar, "--config", config.toString(), "--kafka", e.kafkaBootstrap(),
                    "--influx-url", e.influxUrl(), "--influx-db", e.influxDb(), "--influx-mode", "v1",
                    "--group", "session-it");
            assertTrue(out.contains("JobID"), out);
            TestCommunity.awaitRunning(flink);

            long base = (System.currentTimeMillis() - 20 * 60_000) / 60_000 * 60_000;
            for (int t = 0; t <= 120; t += 10) {
                mqtt.publish("fg/" + COMMUNITY + "/B01/wp-1/telemetry", String.format(Locale.ROOT,
                        "{\"ts\":%d,\"seq\":%d,\"metrics\":{\"pressure_mpa\":%s}}", base + t * 1000L, t, t >= 30 ? 0.05 : 0.4));
            }
            mqtt.publish("fg/" + COMMUNITY + "/B01/wp-1/telemetry",
                    "{\"ts\":" + (base + 300_000) + ",\"metrics\":{\"pressure_mpa\":0.05}}");
            List<AlertTransition> alerts = TestCommunity.alerts(COMMUNITY, 1);
            assertEquals(1, alerts.size(), alerts.toString());
            assertEquals(AlertState.FIRING, alerts.get(0).state());
            assertEquals(base + 30_000, alerts.get(0).startsAt());
            assertEquals(base + 60_000, alerts.get(0).updatedAt());
        }
    }
}
