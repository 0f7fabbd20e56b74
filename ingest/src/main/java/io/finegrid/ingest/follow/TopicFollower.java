package io.finegrid.ingest.follow;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a topic on every partition from its beginning, then follows it, handing each value (null
 * for a tombstone) to a handler on its own thread: how a gateway learns what the rest of
 * FineGrid says (the registry on fg.config, the open alerts on fg.alerts). No consumer group:
 * every gateway reads all of it.
 */
public final class TopicFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Consumer<byte[]> handler;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);

    public TopicFollower(String bootstrap, Map<String, Object> kafkaProperties, String topic, Consumer<byte[]> handler) {
        Map<String, Object> p = new HashMap<>(kafkaProperties);
        p.put("bootstrap.servers", bootstrap);
        p.put("enable.auto.commit", false);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.handler = handler;
        this.thread = new Thread(this::run, "fg-follow-" + topic);
        this.thread.setDaemon(true);
    }

    public TopicFollower start() {
        thread.start();
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    handler.accept(r.value());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("following {} stopped: {}", topic, e.toString());
        } finally {
            consumer.close();
        }
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
