package io.finegrid.jobs.sink.kafka;

import io.finegrid.model.topic.Topic;
import io.finegrid.model.topic.Topics;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Serializes values for one topic of the registry (carried by name: topics are not Serializable). */
public final class TopicSerializer<V> implements KafkaRecordSerializationSchema<V> {
    private final String topicName;
    private transient Topic<V> topic;

    public TopicSerializer(Topic<V> topic) {
        this.topicName = topic.name();
    }

    @Override
    @SuppressWarnings("unchecked")
    public ProducerRecord<byte[], byte[]> serialize(V element, KafkaSinkContext context, Long timestamp) {
        if (topic == null) {
            topic = (Topic<V>) Topics.byName(topicName);
        }
        // No record timestamp: the producer stamps the time of sending. An event-time stamp would put
        // a replay of old data under the topic's retention at once.
        return new ProducerRecord<>(topicName, null, null, topic.keyBytes(element), topic.serialize(element));
    }
}
