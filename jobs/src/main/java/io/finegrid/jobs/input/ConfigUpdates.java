package io.finegrid.jobs.input;

import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.topic.Topics;
import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Where configuration changes come from: {@code fg.config} in production, nothing in a backtest or benchmark. */
@FunctionalInterface
public interface ConfigUpdates extends Serializable {
    DataStream<ConfigDocument> create(StreamExecutionEnvironment env);

    /** No changes: the job runs with the configuration it was given. */
    static ConfigUpdates none() {
        // One placeholder filtered out: Flink 2.2's fromData fails on an empty collection.
        return env -> env.fromData(List.of(new ConfigDocument("none", "", "", 0)), TypeInformation.of(ConfigDocument.class))
                .name("no-config-updates").filter(d -> false).name("none");
    }

    /**
     * The compacted {@code fg.config} topic, from its beginning when the job starts fresh (the
     * latest document of each kind is the configuration; one equal to the current is a no-op); a
     * restart from a checkpoint resumes from its offsets with the broadcast state it saved.
     */
    static ConfigUpdates fromKafka(String bootstrap, String groupId) {
        return env -> env.fromSource(KafkaSource.<ConfigDocument>builder()
                        .setBootstrapServers(bootstrap)
                        .setTopics(Topics.CONFIG.name())
                        .setGroupId(groupId + "-config")
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setDeserializer(new ConfigDocumentDeserializer())
                        .build(), ConfigUpdates.<ConfigDocument>noEventTime(), "fg.config")
                .setParallelism(1);
    }

    /**
     * Configuration is not event-time data: its input is marked idle, so the operators it is
     * connected to follow the device inputs' watermark alone. Not "end of time" (Long.MAX_VALUE):
     * an operator takes the minimum over its active inputs, so once the device inputs went idle
     * (a quiet community) that watermark would jump to the end of time and fire every timer,
     * forgetting every device.
     */
    static <T> WatermarkStrategy<T> noEventTime() {
        return ctx -> new WatermarkGenerator<>() {
            @Override
            public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {}

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.markIdle();
            }
        };
    }
}
