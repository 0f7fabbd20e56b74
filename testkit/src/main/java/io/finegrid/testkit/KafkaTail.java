package io.finegrid.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a topic from the beginning, as an outside client would, until a condition holds. */
public final class KafkaTail {
    private KafkaTail() {}

    /** Values (UTF-8) read from the start until {@code done} holds for all of them, or the timeout. */
    public static List<String> readUntil(String bootstrap, String topic, Predicate<List<String>> done, Duration timeout) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "tail-" + UUID.randomUUID(), "auto.offset.reset", "earliest",
                "enable.auto.commit", false, "isolation.level", "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(300))) {
                    values.add(r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8));
                }
                if (done.test(values)) {
                    return values;
                }
            }
        }
        return values;
    }
}
