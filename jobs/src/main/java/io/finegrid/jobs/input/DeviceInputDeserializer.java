package io.finegrid.jobs.input;

import io.finegrid.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes {@code fg.telemetry}, {@code fg.events}, {@code fg.status} and {@code fg.requests}; never throws, so one bad
 * record cannot restart the job forever.
 */
public final class DeviceInputDeserializer implements KafkaRecordDeserializationSchema<DeviceInput> {
    private final String community;
    /** The common shape of a reading, read without data binding (made per subtask: it keeps buffers). */
    private transient ReadingDecoder readings;

    /** Every community's records. */
    public DeviceInputDeserializer() {
        this(null);
    }

    /**
     * Only {@code community}'s records: a job serves one community, and another community's
     * records on the shared topics (its own job takes them) must not move this job's event time.
     */
    public DeviceInputDeserializer(String community) {
        this.community = community;
    }

    private boolean ours(DeviceInput in) {
        return community == null || community.equals(in.community);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DeviceInput> out) {
        byte[] v = record.value();
        String topic = record.topic();
        if (v == null) {
            out.collect(DeviceInput.undecodable(topic, "", "null value"));
            return;
        }
        try {
            DeviceInput in;
            if (topic.equals(Topics.TELEMETRY.name())) {
                if (readings == null) {
                    readings = new ReadingDecoder();
                }
                in = readings.decode(v);
                if (in == null) { // another shape: the mapper reads it, or says what is wrong
                    in = DeviceInput.of(Topics.TELEMETRY.deserialize(v));
                }
            } else if (topic.equals(Topics.EVENTS.name())) {
                in = DeviceInput.of(Topics.EVENTS.deserialize(v));
            } else if (topic.equals(Topics.REQUESTS.name())) {
                in = DeviceInput.of(Topics.REQUESTS.deserialize(v));
                if (in.community == null || in.request.requestId == null || in.request.status == null) {
                    out.collect(DeviceInput.undecodable(topic, new String(v, StandardCharsets.UTF_8),
                            "request without community, requestId or status"));
                } else if (ours(in)) {
                    out.collect(in);
                }
                return;
            } else {
                in = DeviceInput.of(Topics.STATUS.deserialize(v));
            }
            if (in.deviceId == null || in.community == null || (in.kind == DeviceInput.Kind.READING && in.metrics.length == 0)) {
                out.collect(DeviceInput.undecodable(topic, new String(v, StandardCharsets.UTF_8), "record without device or content"));
            } else if (ours(in)) {
                out.collect(in);
            }
        } catch (RuntimeException e) {
            out.collect(DeviceInput.undecodable(topic, new String(v, StandardCharsets.UTF_8),
                    "not a normalized record: " + e.getMessage()));
        }
    }

    @Override
    public TypeInformation<DeviceInput> getProducedType() {
        return TypeInformation.of(DeviceInput.class);
    }
}
