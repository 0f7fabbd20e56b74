package io.finegrid.ingest.incident;

import io.finegrid.model.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code fg.alerts} on every partition, from the beginning, into {@link OpenAlerts}: the
 * round trip that lets a resident's report carry the device alarm it is about. A record that is
 * no alert transition is counted and skipped (the alerting service dead-letters it).
 */
public final class AlertWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertWatcher.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final OpenAlerts open;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final LongAdder undecodable = new LongAdder();

    public AlertWatcher(String bootstrap, Map<String, Object> kafkaProperties, OpenAlerts open) {
        this.open = open;
        Map<String, Object> p = new HashMap<>(kafkaProperties);
        p.put("bootstrap.servers", bootstrap);
        p.put("enable.auto.commit", false);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "fg-alert-watcher");
        this.thread.setDaemon(true);
    }

    public AlertWatcher start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> parts = consumer.partitionsFor(Topics.ALERTS.name(), Duration.ofSeconds(60)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        continue;
                    }
                    try {
                        open.apply(Topics.ALERTS.deserialize(r.value()));
                    } catch (RuntimeException e) {
                        undecodable.increment();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("alert watcher stopped: {}", e.toString());
        } finally {
            consumer.close();
        }
    }

    public long undecodable() {
        return undecodable.sum();
    }

    @Override
    public void close() {
        running.set(false);
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
