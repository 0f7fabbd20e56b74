package io.finegrid.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.ingest.registry.DeviceRegistry;
import io.finegrid.ingest.registry.RegistryWatcher;
import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.deadletter.DeadLetter;
import io.finegrid.model.json.Json;
import io.finegrid.model.topic.Topics;
import io.finegrid.testkit.Endpoints;
import io.finegrid.testkit.KafkaTail;
import io.finegrid.testkit.LocalStack;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

/** A community.yaml published to fg.config reaches the running gateway: a new device is accepted. */
class RegistryUpdateIT {
    final Endpoints e = LocalStack.shared().endpoints();

    @Test
    void aDeviceAddedOnFgConfigIsAcceptedWithoutARestart() throws Exception {
        String c = "reg" + UUID.randomUUID().toString().substring(0, 6);
        DeviceRegistry registry = new DeviceRegistry();
        publishCommunity(c, "dev-1");
        try (RegistryWatcher watcher = new RegistryWatcher(e.kafkaBootstrap(), Map.of(), registry).start();
             IngestGateway g = new IngestGateway(IngestSettings.defaults(e.mqttUrl(), e.kafkaBootstrap())
                     .withClientId("reg-" + c), registry, Clock.systemUTC()).start()) {
            awaitDevice(registry, c, "dev-1");
            MqttClient pub = new MqttClient(e.mqttUrl(), "pub-" + c, new MemoryPersistence());
            pub.connect(new MqttConnectionOptions());
            publish(pub, "fg/" + c + "/B1/dev-2/telemetry", "{\"ts\":" + System.currentTimeMillis() + ",\"metrics\":{\"before\":1}}");
            List<DeadLetter> dead = KafkaTail.readUntil(e.kafkaBootstrap(), Topics.DLQ.name(),
                    v -> v.stream().anyMatch(s -> s.contains(c)), Duration.ofSeconds(30)).stream()
                    .filter(s -> s.contains(c)).map(s -> Json.read(s.getBytes(StandardCharsets.UTF_8), DeadLetter.class)).toList();
            assertEquals("unknown_device", dead.get(0).reason());

            publishCommunity(c, "dev-1", "dev-2");
            awaitDevice(registry, c, "dev-2");
            publish(pub, "fg/" + c + "/B1/dev-2/telemetry", "{\"ts\":" + System.currentTimeMillis() + ",\"metrics\":{\"after\":1}}");
            assertTrue(KafkaTail.readUntil(e.kafkaBootstrap(), Topics.TELEMETRY.name(),
                    v -> v.stream().anyMatch(s -> s.contains(c) && s.contains("after")), Duration.ofSeconds(30))
                    .stream().anyMatch(s -> s.contains(c) && s.contains("after")));

            publishRaw(c, "community: [broken");
            Thread.sleep(1500);
            assertTrue(watcher.invalid() >= 1, "an invalid document is counted");
            assertTrue(registry.buildingOf(c, "dev-2").isPresent(), "and the previous registry kept");
            pub.disconnect();
        }
    }

    private void publishCommunity(String c, String... devices) throws Exception {
        StringBuilder y = new StringBuilder("community: " + c + "\ngrids: [{id: G1}]\nbuildings: [{id: B1, grid: G1}]\ndevices:\n");
        for (String d : devices) {
            y.append("  - {id: ").append(d).append(", type: meter, building: B1, interval: 10s}\n");
        }
        publishRaw(c, y.toString());
    }

    private void publishRaw(String c, String yaml) throws Exception {
        ConfigDocument d = new ConfigDocument("community", c, yaml, System.currentTimeMillis());
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", e.kafkaBootstrap()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            p.send(new ProducerRecord<>(Topics.CONFIG.name(), Topics.CONFIG.keyBytes(d), Topics.CONFIG.serialize(d)))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static void awaitDevice(DeviceRegistry r, String c, String d) throws InterruptedException {
        for (int i = 0; i < 200 && r.buildingOf(c, d).isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertTrue(r.buildingOf(c, d).isPresent(), d + " known");
    }

    private static void publish(MqttClient p, String topic, String payload) throws Exception {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        p.publish(topic, m);
    }
}
