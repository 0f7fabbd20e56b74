package io.finegrid.ingest.registry;

import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.config.ConfigException;
import io.finegrid.model.config.FineGridConfig;
import io.finegrid.model.topic.Topics;
import java.time.Duration;
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
 * Follows the compacted {@code fg.config} topic from its beginning and applies every
 * {@code community} document to the registry, so devices added or moved reach the gateway without
 * a restart. A document that does not parse is logged with its file/line reason, counted, and the
 * previous registry kept.
 */
public final class RegistryWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryWatcher.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DeviceRegistry registry;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final LongAdder applied = new LongAdder();
    private final LongAdder invalid = new LongAdder();

    public RegistryWatcher(String bootstrap, Map<String, Object> kafkaProperties, DeviceRegistry registry) {
        this.registry = registry;
        Map<String, Object> p = new java.util.HashMap<>(kafkaProperties);
        p.put("bootstrap.servers", bootstrap);
        p.put("enable.auto.commit", false);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "fg-registry-watcher");
        this.thread.setDaemon(true);
    }

    public RegistryWatcher start() {
        thread.start();
        return this;
    }

    private void run() {
        TopicPartition tp = new TopicPartition(Topics.CONFIG.name(), 0);
        try {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    apply(r.value());
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("registry watcher stopped: {}", e.toString());
        } finally {
            consumer.close();
        }
    }

    void apply(byte[] value) {
        if (value == null) {
            return;
        }
        try {
            ConfigDocument d = Topics.CONFIG.deserialize(value);
            if (!"community".equals(d.kind())) {
                return;
            }
            registry.put(FineGridConfig.parseCommunity(d.yaml()));
            applied.increment();
            LOG.info("registry updated for community {}", d.id());
        } catch (ConfigException e) {
            invalid.increment();
            LOG.warn("ignoring invalid community document on {}: {}", Topics.CONFIG.name(), e.getMessage());
        } catch (RuntimeException e) {
            invalid.increment();
            LOG.warn("ignoring undecodable record on {}: {}", Topics.CONFIG.name(), e.toString());
        }
    }

    public long applied() {
        return applied.sum();
    }

    public long invalid() {
        return invalid.sum();
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
