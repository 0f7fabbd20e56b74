package io.finegrid.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;

/** The three real services answer: a round trip through each. */
class LocalStackIT {
    private final Endpoints e = LocalStack.shared().endpoints();

    @Test
    void kafkaRoundTrip() throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", e.kafkaBootstrap(),
                "acks", "all", "enable.idempotence", true), new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>("fg.test-roundtrip", "k", "v")).get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of("bootstrap.servers", e.kafkaBootstrap(),
                "group.id", "t", "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of("fg.test-roundtrip"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    assertEquals("v", r.value());
                    return;
                }
            }
        }
        throw new AssertionError("record not consumed");
    }

    @Test
    void mqttRoundTrip() throws Exception {
        BlockingQueue<String> got = new ArrayBlockingQueue<>(1);
        MqttClient sub = new MqttClient(e.mqttUrl(), "t-sub", new MemoryPersistence());
        sub.connect();
        // Paho 1.2.5's subscribe(String, int, listener) recurses forever; the array form works.
        sub.subscribe(new MqttSubscription[] {new MqttSubscription("t/x", 1)},
                new IMqttMessageListener[] {(topic, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8))});
        MqttClient pub = new MqttClient(e.mqttUrl(), "t-pub", new MemoryPersistence());
        pub.connect(new MqttConnectionOptions());
        MqttMessage m = new MqttMessage("hello".getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        pub.publish("t/x", m);
        assertEquals("hello", got.poll(10, TimeUnit.SECONDS));
        pub.disconnect();
        sub.disconnect();
    }

    @Test
    void influxRoundTrip() {
        Influx.query(e.influxUrl(), null, "CREATE DATABASE t");
        String answer = Influx.query(e.influxUrl(), "t", "SHOW DATABASES");
        assertTrue(answer.contains("\"t\""), answer);
    }
}
