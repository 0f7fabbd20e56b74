package io.finegrid.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.ingest.IngestGateway;
import io.finegrid.ingest.IngestSettings;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.config.FineGridConfig;
import io.finegrid.testkit.Endpoints;
import io.finegrid.testkit.FlinkSession;
import io.finegrid.testkit.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The job jar on a real session cluster loses its only TaskManager (SIGKILL) in the middle of a
 * trace; a new TaskManager takes over from the last checkpoint. The alert transitions are those
 * of an undisturbed run: none lost, none different (a repeat of an identical one is allowed).
 */
class SessionFailoverIT {
    static final String COMMUNITY = "failover";
    final Endpoints e = LocalStack.shared().endpoints();

    @Test
    void killedTaskManagerChangesNoAlert() throws Exception {
        Path config = TestCommunity.writeConfig(COMMUNITY, FaultTrace.RULES, "1s");
        long base = (System.currentTimeMillis() - 5 * 60_000) / 1000 * 1000;
        try (FlinkSession flink = FlinkSession.start(Files.createTempDirectory("fg-flink-failover"), 2);
             IngestGateway ingest = new IngestGateway(IngestSettings.defaults(e.mqttUrl(), e.kafkaBootstrap())
                     .withClientId("failover-ingest"), FineGridConfig.load(config).community().directory(),
                     Clock.systemUTC()).start()) {
            flink.submit(TestCommunity.jobJar(), "--config", config.toString(), "--kafka", e.kafkaBootstrap(),
                    "--influx-url", e.influxUrl(), "--influx-db", e.influxDb(), "--influx-mode", "v1",
                    "--group", "failover-it");
            TestCommunity.awaitRunning(flink);
            Thread publisher = new Thread(() -> {
                try {
                    FaultTrace.publish(COMMUNITY, base, 1.0);
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
            publisher.start();
            Thread.sleep(13_000); // past the first alerts and at least one checkpoint (5 s)
            flink.killTaskManager();
            Thread.sleep(3_000);
            flink.addTaskManager(2);
            publisher.join();
            // A repeat after the recovery is allowed, so count distinct transitions, not records.
            List<AlertTransition> raw = TestCommunity.alertsUntil(COMMUNITY,
                    a -> FaultTrace.relative(a, base).size() >= FaultTrace.EXPECTED.size());
            System.out.printf("failover test: %d transitions on fg.alerts, %d distinct%n", raw.size(),
                    raw.stream().map(a -> a.alertId() + a.state() + a.updatedAt()).distinct().count());
            assertEquals(FaultTrace.EXPECTED, FaultTrace.relative(raw, base));
            assertTrue(flink.jobsOverview().contains("RUNNING"), flink.jobsOverview());
        }
    }
}
