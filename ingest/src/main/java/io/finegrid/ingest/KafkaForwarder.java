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
    /** Keys (topic/device) with a record in retry, and the records queued behind it. */
    private final java.util.Map<String, java.util.ArrayDeque<Pending>> blocked = new java.util.HashMap<>();
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
        Pending p = new Pending(record, System.nanoTime());
        synchronized (blocked) {
            java.util.ArrayDeque<Pending> q = blocked.get(p.key);
            if (q != null) {
                q.addLast(p); // an earlier record of this device is being retried: keep the order
                return p.done;
            }
        }
        attempt(p);
        return p.done;
    }

    /** One record on its way: the key is topic and message key, the unit whose order is kept. */
    private static final class Pending {
        final ProducerRecord<byte[], byte[]> record;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final long startNanos;
        final String key;
        int attempts;
        boolean head;

        Pending(ProducerRecord<byte[], byte[]> record, long startNanos) {
            this.record = record;
            this.startNanos = startNanos;
            this.key = record.topic() + '/' + new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private void attempt(Pending p) {
        if (closed) {
            p.done.completeExceptionally(new IllegalStateException("gateway closing; record left unacknowledged"));
            return;
        }
        p.attempts++;
        try {
            producer.send(p.record, (md, ex) -> {
                if (ex == null) {
                    succeeded(p);
                } else {
                    failed(p, ex);
                }
            });
        } catch (RuntimeException ex) {
            failed(p, ex);
        }
    }

    private void succeeded(Pending p) {
        latency.observe((System.nanoTime() - p.startNanos) / 1e9);
        forwarded.increment();
        p.done.complete(null);
        if (!p.head) {
            return;
        }
        // The retried record is in: release what queued behind it, in order.
        java.util.List<Pending> next;
        synchronized (blocked) {
            java.util.ArrayDeque<Pending> q = blocked.remove(p.key);
            next = q == null ? java.util.List.of() : new java.util.ArrayList<>(q);
        }
        for (Pending n : next) {
            synchronized (blocked) {
                java.util.ArrayDeque<Pending> q = blocked.get(n.key);
                if (q != null) {
                    q.addLast(n); // blocked again by one of these: the rest waits in order
                    continue;
                }
            }
            attempt(n);
        }
    }

    /**
     * A failed attempt blocks its key: later records of the same device queue behind it, so a
     * retry cannot overtake or be overtaken (max.block.ms 0 makes the first sends to a topic fail
     * at once, before any later record of the device is sent).
     */
    private void failed(Pending p, Exception ex) {
        failedAttempts.increment();
        synchronized (blocked) {
            blocked.computeIfAbsent(p.key, k -> new java.util.ArrayDeque<>());
            p.head = true;
        }
        int n = p.attempts;
        long backoff = Math.min(10_000, 100L << Math.min(n, 7));
        // The first attempts for a topic routinely miss metadata (max.block.ms is 0): not worth a warning.
        if (n == 3 || n % 20 == 0) {
            LOG.warn("Kafka did not take a record for {} (attempt {}): {}; retrying in {} ms", p.record.topic(), n,
                    ex.toString(), backoff);
        }
        try {
            retries.schedule(() -> attempt(p), backoff, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            p.done.completeExceptionally(ex);
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
