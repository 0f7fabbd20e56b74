package io.finegrid.jobs.input;

import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes {@code fg.config}. Never throws: a record that is not a config document becomes one
 * without a kind (its raw text as yaml), which the rule operators refuse and send to {@code fg.dlq}.
 * Tombstones (compaction deletes) carry nothing to apply and are skipped.
 */
public final class ConfigDocumentDeserializer implements KafkaRecordDeserializationSchema<ConfigDocument> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ConfigDocument> out) {
        byte[] v = record.value();
        if (v == null) {
            return;
        }
        try {
            out.collect(Topics.CONFIG.deserialize(v));
        } catch (RuntimeException e) {
            String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            out.collect(new ConfigDocument(null, key, new String(v, StandardCharsets.UTF_8), record.timestamp()));
        }
    }

    @Override
    public TypeInformation<ConfigDocument> getProducedType() {
        return TypeInformation.of(ConfigDocument.class);
    }
}
