package io.finegrid.platform;

import io.finegrid.jobs.registry.ConfigTexts;
import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.topic.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Publishes the four configuration files to the compacted {@code fg.config} topic. */
final class ConfigPublisher {
    private ConfigPublisher() {}

    static void publish(String bootstrap, String community, ConfigTexts t) throws Exception {
        long now = System.currentTimeMillis();
        List<ConfigDocument> docs = List.of(new ConfigDocument("community", community, t.community(), now),
                new ConfigDocument("rules", community, t.rules(), now),
                new ConfigDocument("services", community, t.services(), now),
                new ConfigDocument("responsibilities", community, t.responsibilities(), now));
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "acks", "all", "enable.idempotence", true), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ConfigDocument d : docs) {
                p.send(new ProducerRecord<>(Topics.CONFIG.name(), Topics.CONFIG.keyBytes(d), Topics.CONFIG.serialize(d)))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }
}
