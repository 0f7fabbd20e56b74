package io.finegrid.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.model.codec.DeviceDirectory;
import io.finegrid.testkit.Endpoints;
import io.finegrid.testkit.HostPort;
import io.finegrid.testkit.KafkaBroker;
import io.finegrid.testkit.LocalStack;
import io.finegrid.testkit.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Kafka goes away for 30 s in the middle of a stream. The gateway stops acknowledging, holds at
 * most receiveMaximum messages, the broker keeps the rest; when Kafka returns everything flows and
 * nothing the broker acknowledged to the publisher is missing.
 */
class KafkaOutageIT {
    static final DeviceDirectory DIR = (c, d) -> d.startsWith("dev-") ? Optional.of("B1") : Optional.empty();
    static final int RECEIVE_MAXIMUM = 200;
    final Endpoints e = LocalStack.shared().endpoints();

    @Test
    void noLossAndBoundedMemoryAcrossAThirtySecondOutage() throws Exception {
        String c = "out" + UUID.randomUUID().toString().substring(0, 6);
        Path dir = Files.createTempDirectory("fg-outage-kafka");
        HostPort at = HostPort.freeLoopback();
        ServiceProcess kafka = KafkaBroker.start(at, dir);
        IngestSettings s = new IngestSettings(e.mqttUrl(), "outage-" + c, null, at.toString(), RECEIVE_MAXIMUM, 3600,
                null, null, null, Map.of());
        try (IngestGateway g = new IngestGateway(s, DIR, Clock.systemUTC()).start();
             NumberedStream stream = new NumberedStream(e.mqttUrl(), c, 10)) {
            Thread publisher = new Thread(() -> {
                try {
                    stream.publish(1, 15_000, 300);
                } catch (Exception ex) {
                    throw new IllegalStateException(ex);
                }
            });
            publisher.start();
            Thread sampler = new Thread(() -> {
                long t0 = System.currentTimeMillis();
                while (!Thread.currentThread().isInterrupted()) {
                    System.out.printf("t=%ds received=%d acked=%d inflight=%d%n", (System.currentTimeMillis() - t0) / 1000,
                            g.counters().mqttMessages(), g.counters().acknowledged(), g.counters().inFlight());
                    try {
                        Thread.sleep(5000);
                    } catch (InterruptedException ex) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            Thread.sleep(8_000);
            long heapBefore = usedHeapAfterGc();
            kafka.kill();
            long outageStart = System.nanoTime();
            long acksAtOutage = g.counters().acknowledged();
            Thread.sleep(28_000);
            long heapDuring = usedHeapAfterGc();
            long acksLate = g.counters().acknowledged();
            assertTrue(acksLate - acksAtOutage <= RECEIVE_MAXIMUM, "no acknowledgements without Kafka beyond what was in flight");
            assertTrue(g.counters().inFlight() <= RECEIVE_MAXIMUM, "in flight bounded: " + g.counters().inFlight());
            while (System.nanoTime() - outageStart < Duration.ofSeconds(30).toNanos()) {
                Thread.sleep(100);
            }
            kafka = KafkaBroker.start(at, dir);
            publisher.join();
            Map<String, Integer> copies = stream.awaitInKafka(at.toString(), Duration.ofSeconds(120));
            System.out.printf("outage test: %d published, %d acknowledged by the broker, %d in Kafka, %d duplicates,"
                            + " peak in flight %d, heap %d -> %d MiB%n", stream.published.get(), stream.acked.size(),
                    copies.size(), NumberedStream.duplicates(copies), g.counters().peakInFlight(), heapBefore >> 20,
                    heapDuring >> 20);
            assertEquals(List.of(), NumberedStream.missing(stream.acked, copies), "acknowledged but not in Kafka");
            assertTrue(g.counters().peakInFlight() <= RECEIVE_MAXIMUM, "peak in flight " + g.counters().peakInFlight());
            assertTrue(heapDuring - heapBefore < 64L << 20, "heap grew by " + ((heapDuring - heapBefore) >> 20) + " MiB");
        } finally {
            kafka.close();
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
