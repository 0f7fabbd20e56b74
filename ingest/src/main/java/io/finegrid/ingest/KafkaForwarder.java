package io.finegrid.ingest;

import io.finegrid.model.codec.Normalized;
import io.finegrid.model.deadletter.DeadLetter;
import io.finegrid.model.http.Histogram;
import io.finegrid.model.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends accepted messages and dead letters to Kafka with an idempotent, acks=all producer. The
 * future of a send completes only once Kafka has the record: a failed attempt (Kafka unreachable,
 * a leader moving) is retried with backoff until it succeeds or the gateway closes. The gateway
 * acknowledges the MQTT message only on completion, so nothing it acknowledged can be missing.
 */
final class KafkaForwarder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaForwarder.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fg-ingest-retry");
        t.setDaemon(true);
        return t;
    });
    private final Histogram latency = new Histogram("fg_ingest_kafka_send_seconds",
            "Time from a record's first send attempt to Kafka's acknowledgement",
            0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60);
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder failedAttempts = new LongAdder();
    private volatile boolean closed;

    KafkaForwarder(String bootstrap, String clientId, Map<String, Object> overrides) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // Idempotence keeps per-partition order with up to 5 requests in flight.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        // send() must never park Paho's callback thread: while it is parked, Paho stops reading the
        // socket, keepalive answers go unread, the broker drops the connection and redelivers
        // everything in flight on top of the copies we still hold. Without metadata or buffer
        // space, the attempt fails at once and is retried with backoff instead.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 0);
        p.putAll(overrides);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    CompletableFuture<Void> send(Normalized n) {
        Normalized.KafkaRecord r = n.toKafka();
        return send(new ProducerRecord<>(r.topic(), r.key(), r.value()));
    }

    CompletableFuture<Void> send(DeadLetter d) {
        return send(new ProducerRecord<>(Topics.DLQ.name(), Topics.DLQ.keyBytes(d), Topics.DLQ.serialize(d)));
    }

    private CompletableFuture<Void> send(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(record, done, 1, System.nanoTime());
        return done;
    }

    private void attempt(ProducerRecord<byte[], byte[]> record, CompletableFuture<Void> done, int n, long startNanos) {
        if (closed) {
            done.completeExceptionally(new IllegalStateException("gateway closing; record left unacknowledged"));
            return;
        }
        try {
            producer.send(record, (md, ex) -> {
                if (ex == null) {
                    latency.observe((System.nanoTime() - startNanos) / 1e9);
                    forwarded.increment();
                    done.complete(null);
                } else {
                    retryLater(record, done, n, startNanos, ex);
                }
            });
        } catch (RuntimeException ex) {
            retryLater(record, done, n, startNanos, ex);
        }
    }

    private void retryLater(ProducerRecord<byte[], byte[]> record, CompletableFuture<Void> done, int n,
                            long startNanos, Exception ex) {
        failedAttempts.increment();
        long backoff = Math.min(10_000, 100L << Math.min(n, 7));
        // The first attempts for a topic routinely miss metadata (max.block.ms is 0): not worth a warning.
        if (n == 3 || n % 20 == 0) {
            LOG.warn("Kafka did not take a record for {} (attempt {}): {}; retrying in {} ms", record.topic(), n,
                    ex.toString(), backoff);
        }
        try {
            retries.schedule(() -> attempt(record, done, n + 1, startNanos), backoff, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            done.completeExceptionally(ex);
        }
    }

    Histogram latency() {
        return latency;
    }

    long forwarded() {
        return forwarded.sum();
    }

    long failedAttempts() {
        return failedAttempts.sum();
    }

    /** Waits for what is in flight (bounded: an unreachable Kafka must not hang the shutdown). */
    @Override
    public void close() {
        closed = true;
        retries.shutdownNow();
        producer.close(Duration.ofSeconds(10));
    }
}
