package io.finegrid.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.model.codec.DeviceDirectory;
import io.finegrid.testkit.Endpoints;
import io.finegrid.testkit.LocalStack;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two gateways on one shared subscription split the stream and together forward all of it. */
class SharedSubscriptionIT {
    static final DeviceDirectory DIR = (c, d) -> d.startsWith("dev-") ? Optional.of("B1") : Optional.empty();
    final Endpoints e = LocalStack.shared().endpoints();

    @Test
    void twoInstancesSplitTheLoadAndForwardEverything() throws Exception {
        String c = "shr" + UUID.randomUUID().toString().substring(0, 6);
        IngestSettings base = IngestSettings.defaults(e.mqttUrl(), e.kafkaBootstrap()).withShareGroup("g-" + c);
        try (IngestGateway a = new IngestGateway(base.withClientId("a-" + c), DIR, Clock.systemUTC()).start();
             IngestGateway b = new IngestGateway(base.withClientId("b-" + c), DIR, Clock.systemUTC()).start();
             NumberedStream stream = new NumberedStream(e.mqttUrl(), c, 10)) {
            stream.publish(1, 3000, 1500);
            Map<String, Integer> copies = stream.awaitInKafka(e.kafkaBootstrap(), Duration.ofSeconds(60));
            assertEquals(3000, stream.acked.size());
            assertEquals(java.util.List.of(), NumberedStream.missing(stream.acked, copies));
            assertEquals(0, NumberedStream.duplicates(copies), "no failure, so no duplicate");
            long na = a.counters().mqttMessages();
            long nb = b.counters().mqttMessages();
            assertEquals(3000, na + nb, "each message went to exactly one instance");
            assertTrue(na > 300 && nb > 300, "both instances took a share: " + na + " / " + nb);
        }
    }
}
