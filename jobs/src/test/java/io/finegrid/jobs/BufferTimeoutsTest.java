package io.finegrid.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.jobs.input.DeviceInput;
import io.finegrid.model.config.ConfigTexts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * Which operators buffer their output: the readings' path keeps the job's buffer timeout, every
 * operator whose output is alerts, requests or health sends each record at once (no flusher
 * thread per subtask, no wait added to an alert at each hop).
 */
class BufferTimeoutsTest {
    static final ConfigTexts CONFIG = new ConfigTexts("""
            community: c1
            grids: [{id: G1}]
            buildings: [{id: B01, grid: G1}]
            devices: [{id: wp-1, type: water_pump, building: B01, interval: 10s}]
            """, "rules: []\n", "services: []\n", "recipients: []\nassignments: []\n");

    @Test
    void onlyTheReadingsPathWaitsToFillItsBuffers() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        Duration timeout = Duration.ofMillis(25);
        new FineGridJob((e, wm) -> e.fromData(List.of(DeviceInput.undecodable("fg.telemetry", "{", "test")),
                        TypeInformation.of(DeviceInput.class)).name("device-inputs").assignTimestampsAndWatermarks(wm),
                new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(), CONFIG,
                new FineGridJob.Options(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(10),
                        Duration.ofSeconds(5), timeout)).build(env);
        Map<String, Long> byName = new TreeMap<>();
        for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
            byName.merge(node.getOperatorName(), node.getBufferTimeout(), Math::max);
        }
        for (String busy : List.of("split-inputs", "device-rules")) {
            assertEquals(timeout.toMillis(), byName.get(busy), busy + " in " + byName);
        }
        List<String> quiet = List.of("building-rules", "request-rules", "backlog", "consultation", "kpi", "incidents",
                "service-signals", "split-acks", "alert-lifecycle", "alert-signals", "alert-points", "request-signals",
                "grid-health", "none");
        for (String name : quiet) {
            assertTrue(byName.containsKey(name), name + " is an operator of the job: " + byName.keySet());
            assertEquals(FineGridJob.FLUSH_EACH_RECORD, byName.get(name), name + " in " + byName);
        }
    }
}
