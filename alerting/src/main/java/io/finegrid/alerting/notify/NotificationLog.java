package io.finegrid.alerting.notify;

import io.finegrid.model.alert.NotificationRecord;
import io.finegrid.model.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What was sent to whom, when, and how it went: {@code fg.notifications}, compacted by
 * notification id (pending, then delivered or failed). Written synchronously before a message
 * leaves and after it arrived, and read whole at start: a restart neither sends again what was
 * delivered nor forgets what was pending.
 */
public final class NotificationLog implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final Map<String, NotificationRecord> byId = new ConcurrentHashMap<>();
    /** {@link Identities#sent} of every transition in a logged notification (whatever its status). */
    private final Set<String> taken = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastSentByAlert = new ConcurrentHashMap<>();

    private NotificationLog(KafkaProducer<String, byte[]> producer) {
        this.producer = producer;
    }

    public static NotificationLog open(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        NotificationLog log = new NotificationLog(new KafkaProducer<>(p));
        log.load(bootstrap);
        return log;
    }

    private void load(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = c.partitionsFor(Topics.NOTIFICATIONS.name(), Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        byId.remove(r.key());
                    } else {
                        remember(Topics.NOTIFICATIONS.deserialize(r.value()));
                    }
                }
            }
        }
    }

    public void write(NotificationRecord n) {
        try {
            producer.send(new ProducerRecord<>(Topics.NOTIFICATIONS.name(), n.id(), Topics.NOTIFICATIONS.serialize(n)))
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write the notification log: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted writing the notification log", e);
        }
        remember(n);
    }

    private void remember(NotificationRecord n) {
        byId.put(n.id(), n);
        Target target = new Target(n.recipient(), n.channel(), n.target());
        n.transitions().forEach(t -> taken.add(Identities.sent(t, target)));
        if (NotificationRecord.DELIVERED.equals(n.status())) {
            n.alerts().forEach(a -> lastSentByAlert.merge(a.alertId(), n.at(), Math::max));
        }
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** Whether this transition already went (or is going) to this target. */
    public boolean taken(String transition, Target target) {
        return taken.contains(Identities.sent(transition, target));
    }

    /** When the alert was last delivered to anybody (wall clock), or 0. */
    public long lastSent(String alertId) {
        return lastSentByAlert.getOrDefault(alertId, 0L);
    }

    public List<NotificationRecord> pending() {
        return byId.values().stream().filter(n -> NotificationRecord.PENDING.equals(n.status())).toList();
    }

    /** The newest {@code limit} entries, newest first. */
    public List<NotificationRecord> recent(int limit) {
        List<NotificationRecord> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparingLong(NotificationRecord::at).reversed());
        return all.subList(0, Math.min(limit, all.size()));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
