package io.finegrid.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.testkit.ConfigFiles;
import io.finegrid.testkit.Endpoints;
import io.finegrid.testkit.LocalStack;
import io.finegrid.testkit.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * SIGKILL the gateway process in the middle of a stream of numbered QoS 1 messages and start it
 * again with the same client id: every message the broker acknowledged to the publisher is in
 * Kafka. Duplicates (forwarded, killed before the PUBACK, redelivered) are allowed and reported.
 */
class GatewayKillIT {
    final Endpoints e = LocalStack.shared().endpoints();

    @Test
    void everyAcknowledgedMessageSurvivesAKilledGateway() throws Exception {
        String c = "kil" + UUID.randomUUID().toString().substring(0, 6);
        Path dir = Files.createTempDirectory("fg-kill");
        Path config = writeConfig(dir, c);
        String clientId = "gw-" + c;
        ServiceProcess gw = startGateway(dir, config, clientId, "gw1");
        try (NumberedStream stream = new NumberedStream(e.mqttUrl(), c, 10)) {
            Thread publisher = new Thread(() -> {
                try {
                    stream.publish(1, 4000, 800);
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
            publisher.start();
            while (stream.published.get() < 1500) {
                Thread.sleep(20);
            }
            gw.kill();
            Thread.sleep(1500); // the stream goes on into the broker's queue for the dead session
            gw = startGateway(dir, config, clientId, "gw2");
            publisher.join();
            Map<String, Integer> copies = stream.awaitInKafka(e.kafkaBootstrap(), Duration.ofSeconds(90));
            List<String> missing = NumberedStream.missing(stream.acked, copies);
            System.out.printf("kill test: %d published, %d acknowledged by the broker, %d in Kafka, %d duplicates%n",
                    stream.published.get(), stream.acked.size(), copies.size(), NumberedStream.duplicates(copies));
            assertTrue(stream.acked.size() >= 3900, "the broker acknowledged the stream: " + stream.acked.size());
            assertEquals(List.of(), missing, "acknowledged but not in Kafka");
        } finally {
            gw.close();
        }
    }

    private ServiceProcess startGateway(Path dir, Path config, String clientId, String name) {
        Map<String, String> env = Map.of("FG_MQTT_URL", e.mqttUrl(), "FG_KAFKA_BOOTSTRAP", e.kafkaBootstrap(),
                "FG_INGEST_CLIENT_ID", clientId);
        ServiceProcess p = ServiceProcess.start(name, List.of(javaBinary(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), IngestMain.class.getName(), "--config", config.toString()),
                dir, env);
        return p.awaitReady(() -> logSays(p, "ingest gateway " + clientId + " running"), Duration.ofSeconds(30));
    }

    private static boolean logSays(ServiceProcess p, String text) {
        try {
            return Files.readString(p.log()).contains(text);
        } catch (java.io.IOException ex) {
            return false;
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Path writeConfig(Path dir, String community) throws Exception {
        return ConfigFiles.write(dir, """
                community: %s
                grids: [{id: G1}]
                buildings: [{id: B1, grid: G1}]
                deviceGroups: [{type: meter, perBuilding: 10, id: "dev-{n}", interval: 1s}]
                """.formatted(community), "rules: []\n", "x");
    }
}
