package io.finegrid.jobs.input;

import io.finegrid.jobs.lifecycle.AlertSignal;
import io.finegrid.model.topic.Topics;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Where people's acknowledgements come from: {@code fg.alert-acks} in production, nothing in a backtest. */
@FunctionalInterface
public interface AckInputs extends Serializable {
    DataStream<AlertSignal> create(StreamExecutionEnvironment env);

    static AckInputs none() {
        // One placeholder filtered out: Flink 2.2's fromData fails on an empty collection.
        return env -> env.fromData(List.of(AlertSignal.unreadable("", "")), Types.POJO(AlertSignal.class))
                .name("no-acks").filter(s -> false).name("none");
    }

    /**
     * {@code fg.alert-acks} from the group's committed offsets (a fresh job starts at the
     * beginning: an acknowledgement of an alert it raises again on replay still counts). The
     * input carries no event time of its own ({@link ConfigUpdates#noEventTime()}): acknowledgements
     * apply as they arrive, stamped with the time the person gave them.
     */
    static AckInputs fromKafka(String bootstrap, String groupId) {
        return env -> env.fromSource(KafkaSource.<AlertSignal>builder()
                        .setBootstrapServers(bootstrap)
                        .setTopics(Topics.ALERT_ACKS.name())
                        .setGroupId(groupId + "-acks")
                        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setDeserializer(new AckDeserializer())
                        .build(), ConfigUpdates.<AlertSignal>noEventTime(), "fg.alert-acks")
                .setParallelism(1);
    }
}
