package io.finegrid.alerting.api;

import io.finegrid.model.topic.Topic;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What people do through the API goes to Kafka before the API answers: an acknowledgement is
 * accepted (202) only once {@code fg.alert-acks} has it, a silence once {@code fg.silences} has it.
 */
public final class Publisher implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;

    public Publisher(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "20000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(p);
    }

    /** Sends and waits for the broker; null value: a tombstone for {@code key}. */
    public <V> void publish(Topic<V> topic, String key, V value) throws ExecutionException, TimeoutException,
            InterruptedException {
        producer.send(new ProducerRecord<>(topic.name(), key, value == null ? null : topic.serialize(value)))
                .get(25, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
