package io.finegrid.model.codec;

import io.finegrid.model.device.NormalizedEvent;
import io.finegrid.model.device.NormalizedReading;
import io.finegrid.model.device.NormalizedStatus;
import io.finegrid.model.request.NormalizedRequest;
import io.finegrid.model.topic.Topic;
import io.finegrid.model.topic.Topics;

/** An accepted input message, ready for its Kafka topic. */
public sealed interface Normalized {
    TopicKind kind();

    /** The Kafka record this message becomes: topic, key and value bytes. */
    KafkaRecord toKafka();

    record KafkaRecord(String topic, byte[] key, byte[] value) {
        static <V> KafkaRecord of(Topic<V> t, V v) {
            return new KafkaRecord(t.name(), t.keyBytes(v), t.serialize(v));
        }
    }

    record Reading(NormalizedReading value) implements Normalized {
        public TopicKind kind() {
            return TopicKind.TELEMETRY;
        }

        public KafkaRecord toKafka() {
            return KafkaRecord.of(Topics.TELEMETRY, value);
        }
    }

    record Event(NormalizedEvent value) implements Normalized {
        public TopicKind kind() {
            return TopicKind.EVENT;
        }

        public KafkaRecord toKafka() {
            return KafkaRecord.of(Topics.EVENTS, value);
        }
    }

    record Status(NormalizedStatus value) implements Normalized {
        public TopicKind kind() {
            return TopicKind.STATUS;
        }

        public KafkaRecord toKafka() {
            return KafkaRecord.of(Topics.STATUS, value);
        }
    }

    record Request(NormalizedRequest value) implements Normalized {
        public TopicKind kind() {
            return TopicKind.REQUESTS;
        }

        public KafkaRecord toKafka() {
            return KafkaRecord.of(Topics.REQUESTS, value);
        }
    }
}
