package io.finegrid.platform.config;

import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.config.ConfigNode;
import io.finegrid.model.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The compacted {@code fg.config} topic: the latest document of each kind per community. */
public final class ConfigTopic {
    public static final List<String> KINDS = List.of("community", "rules", "services", "responsibilities");

    private ConfigTopic() {}

    /** Publishes the four files of one community (what {@code up} does at start). */
    public static void publish(String bootstrap, String community, ConfigTexts t) throws Exception {
        long now = System.currentTimeMillis();
        publish(bootstrap, List.of(new ConfigDocument("community", community, t.community(), now),
                new ConfigDocument("rules", community, t.rules(), now),
                new ConfigDocument("services", community, t.services(), now),
                new ConfigDocument("responsibilities", community, t.responsibilities(), now)));
    }

    /**
     * The largest document the producer sends, uncompressed. Kafka's default of 1 MB refused a
     * {@code community.yaml} of about 14,000 devices; this is what the configuration parser takes,
     * with a quarter more for the JSON around it (escaped line ends and quotes).
     */
    static final int MAX_DOCUMENT_BYTES = ConfigNode.MAX_CHARS + ConfigNode.MAX_CHARS / 4;

    /**
     * Documents are sent gzip-compressed: what the broker holds them to (its {@code
     * message.max.bytes}, or the topic's {@code max.message.bytes}) is the compressed size, and a
     * registry's lines repeat so much that it is about a tenth of the text.
     */
    public static void publish(String bootstrap, List<ConfigDocument> docs) throws Exception {
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "acks", "all", "enable.idempotence", true, "compression.type", "gzip",
                "max.request.size", MAX_DOCUMENT_BYTES, "buffer.memory", 2L * MAX_DOCUMENT_BYTES),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ConfigDocument d : docs) {
                p.send(new ProducerRecord<>(Topics.CONFIG.name(), Topics.CONFIG.keyBytes(d), Topics.CONFIG.serialize(d)))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The latest document of each kind for {@code community}, read from the beginning to the current end. */
    public static Map<String, ConfigDocument> latest(String bootstrap, String community) {
        Map<String, ConfigDocument> latest = new HashMap<>();
        TopicPartition tp = new TopicPartition(Topics.CONFIG.name(), 0);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "enable.auto.commit", false), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (c.position(tp) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read fg.config to its end within 30 s");
                }
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        continue;
                    }
                    try {
                        ConfigDocument d = Topics.CONFIG.deserialize(r.value());
                        if (community.equals(d.id()) && KINDS.contains(d.kind())) {
                            latest.put(d.kind(), d);
                        }
                    } catch (RuntimeException e) {
                        // not a config document: the job refuses it too; nothing to build on
                    }
                }
            }
        }
        return latest;
    }

    /** The documents of {@code next} that differ from {@code current}, stamped {@code now}. */
    public static List<ConfigDocument> changes(String community, ConfigTexts current, ConfigTexts next, long now) {
        List<ConfigDocument> out = new ArrayList<>();
        String[][] pairs = {{"community", current == null ? null : current.community(), next.community()},
                {"rules", current == null ? null : current.rules(), next.rules()},
                {"services", current == null ? null : current.services(), next.services()},
                {"responsibilities", current == null ? null : current.responsibilities(), next.responsibilities()}};
        for (String[] p : pairs) {
            if (!p[2].equals(p[1])) {
                out.add(new ConfigDocument(p[0], community, p[2], now));
            }
        }
        return out;
    }
}
