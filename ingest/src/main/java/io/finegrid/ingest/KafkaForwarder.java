package io.finegrid.ingest;

import io.finegrid.model.codec.Normalized;
import io.finegrid.model.deadletter.DeadLetter;
import io.finegrid.model.topic.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends accepted messages and dead letters to Kafka with an idempotent, acks=all producer. Each
 * send returns a future completed when Kafka has the record durably, which is when the MQTT
 * message may be acknowledged.
 */
final class KafkaForwarder implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;

    KafkaForwarder(String bootstrap, String clientId, Map<String, Object> overrides) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Idempotence keeps per-partition order with up to 5 requests in flight.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.putAll(overrides);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    CompletableFuture<Void> send(Normalized n) {
        Normalized.KafkaRecord r = n.toKafka();
        return send(r.topic(), r.key(), r.value());
    }

    CompletableFuture<Void> send(DeadLetter d) {
        return send(Topics.DLQ.name(), Topics.DLQ.keyBytes(d), Topics.DLQ.serialize(d));
    }

    private CompletableFuture<Void> send(String topic, byte[] key, byte[] value) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, key, value), (md, ex) -> {
            if (ex == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(ex);
            }
        });
        return done;
    }

    /** Waits for what is in flight (bounded: an unreachable Kafka must not hang the shutdown). */
    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
