package io.finegrid.alerting.book;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a whole topic from its beginning and then follows it, on every partition, handing each
 * record (key, value; null for a tombstone) to a handler. Every instance of the service sees all
 * of it, so each one's view (alerts, silences) is complete. A record the handler cannot take is
 * counted by the handler, never allowed to stop the reader.
 */
public final class TopicFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final BiConsumer<String, byte[]> handler;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    public TopicFollower(String bootstrap, String topic, BiConsumer<String, byte[]> handler) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p);
        this.topic = topic;
        this.handler = handler;
        this.thread = new Thread(this::run, "fg-follow-" + topic);
        thread.setDaemon(true);
    }

    public TopicFollower start() {
        thread.start();
        return this;
    }

    /** Waits until everything the topic held at start has been handled. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    private void run() {
        try {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts);
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    handler.accept(r.key(), r.value());
                }
                if (caughtUp.getCount() > 0 && parts.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp))) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("following {} stopped: {}", topic, e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
    }
}
