package io.finegrid.jobs.reading;

import io.finegrid.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Decodes {@code fg.telemetry}; never throws, so one bad record cannot restart the job forever. */
public final class ReadingDeserializer implements KafkaRecordDeserializationSchema<Reading> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Reading> out) {
        byte[] v = record.value();
        if (v == null) {
            out.collect(Reading.undecodable("", "null value on " + record.topic()));
            return;
        }
        try {
            Reading r = Reading.of(Topics.TELEMETRY.deserialize(v));
            if (r.deviceId == null || r.metrics.length == 0) {
                out.collect(Reading.undecodable(new String(v, StandardCharsets.UTF_8), "reading without device or metrics"));
            } else {
                out.collect(r);
            }
        } catch (RuntimeException e) {
            out.collect(Reading.undecodable(new String(v, StandardCharsets.UTF_8),
                    "not a normalized reading: " + e.getMessage()));
        }
    }

    @Override
    public TypeInformation<Reading> getProducedType() {
        return TypeInformation.of(Reading.class);
    }
}
