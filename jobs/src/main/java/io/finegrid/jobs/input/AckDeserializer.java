package io.finegrid.jobs.input;

import io.finegrid.jobs.lifecycle.AlertSignal;
import io.finegrid.model.alert.AlertAck;
import io.finegrid.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes {@code fg.alert-acks}. Never throws: a record that is not a complete acknowledgement
 * ({@code alertId}, {@code action} ack|resolve, {@code by}, {@code ts}) becomes an unreadable
 * signal, which the job sends to {@code fg.dlq} with the reason.
 */
public final class AckDeserializer implements KafkaRecordDeserializationSchema<AlertSignal> {
    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<AlertSignal> out) {
        byte[] v = record.value();
        if (v == null) {
            return;
        }
        String raw = new String(v, StandardCharsets.UTF_8);
        AlertAck a;
        try {
            a = Topics.ALERT_ACKS.deserialize(v);
        } catch (RuntimeException e) {
            out.collect(AlertSignal.unreadable(raw, "not an acknowledgement: " + e.getMessage()));
            return;
        }
        String missing = a == null ? "everything" : a.alertId() == null ? "alertId" : a.action() == null ? "action"
                : a.by() == null ? "by" : a.ts() <= 0 ? "ts" : null;
        out.collect(missing == null ? AlertSignal.ack(a) : AlertSignal.unreadable(raw, "acknowledgement without " + missing));
    }

    @Override
    public TypeInformation<AlertSignal> getProducedType() {
        return Types.POJO(AlertSignal.class);
    }
}
