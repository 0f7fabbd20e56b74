package io.finegrid.jmh;

import io.finegrid.jobs.faults.DeviceRules;
import io.finegrid.jobs.faults.LiveConfig;
import io.finegrid.jobs.input.DeviceInput;
import io.finegrid.jobs.input.DeviceInputSerializer;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.platform.bench.PumpTrace;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Nanoseconds per reading in the device-rule operator, as the job runs it behind the shuffle:
 * each reading is decoded from the shuffle's bytes and handed to the operator in Flink's own test
 * harness, with the watermark following the readings as the job's does (bounded by 10 s,
 * moving every {@link #watermarkEvery} readings). {@code operator=rules} is
 * {@link DeviceRules} with the pump rules of {@code finegrid bench jobs} (threshold, rate,
 * offline), rollups and the duplicate check; {@code operator=floor} is the raw limit of any
 * keyed per-device operator: the same decode and harness, one counter per device in keyed state.
 * The pumps take turns, as in a real trace, so every reading finds its device's state cold.
 * The harness keeps what the operator emits in queues (emptied between batches) and makes a
 * serializer for every side-output record: a few percent of {@code rules} that the job does not
 * pay, and none of {@code floor}, which emits nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(DeviceRulesBench.BATCH)
public class DeviceRulesBench {
    static final int BATCH = 10_000;
    static final long OUT_OF_ORDERNESS_MS = 10_000;

    /** One subtask's share of {@code finegrid bench jobs}' 10,000 pumps at parallelism 2. */
    @Param("5000")
    public int devices;

    @Param({"rules", "floor"})
    public String operator;

    /**
     * Readings between watermarks. 500 is event time moving a second at a time (5,000 pumps at
     * 10 s); {@code finegrid bench jobs} replays so fast that each 200 ms watermark moves over two
     * minutes of it, about 75,000 readings, and every device's timers fire at each.
     */
    @Param("500")
    public int watermarkEvery;
    private long sinceWatermark;

    private PumpTrace pumps;
    private KeyedBroadcastOperatorTestHarness<String, DeviceInput, ConfigDocument, AlertTransition> harness;
    private final DeviceInputSerializer serializer = new DeviceInputSerializer();
    private final DataOutputSerializer wire = new DataOutputSerializer(BATCH * 128);
    private final DataInputDeserializer received = new DataInputDeserializer();
    private long next;
    private long maxTs = Long.MIN_VALUE;

    @Setup(Level.Trial)
    public void open() throws Exception {
        pumps = new PumpTrace(devices, 1_700_000_000_000L);
        ConfigTexts config = PumpConfig.of(pumps);
        KeyedBroadcastProcessFunction<String, DeviceInput, ConfigDocument, AlertTransition> fn = switch (operator) {
            case "rules" -> new DeviceRules(config, 600_000);
            case "floor" -> new CountPerDevice();
            default -> throw new IllegalArgumentException("operator is rules or floor, not " + operator);
        };
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(fn, DeviceInput::deviceKey, Types.STRING,
                LiveConfig.DESCRIPTOR);
        harness.processBroadcastWatermark(Long.MAX_VALUE); // no configuration changes: only the devices' time
    }

    /** The next batch on the wire, as the shuffle delivers it; what the last batch produced is let go. */
    @Setup(Level.Invocation)
    public void nextBatch() throws Exception {
        wire.clear();
        for (int i = 0; i < BATCH; i++) {
            serializer.serialize(DeviceInput.of(pumps.reading(next++)), wire);
        }
        harness.getOutput().clear();
        for (OutputTag<?> tag : new OutputTag<?>[] {DeviceRules.ROLLUPS, DeviceRules.PRESENCE, DeviceRules.STATUS_POINTS}) {
            var q = harness.getSideOutput(tag);
            if (q != null) {
                q.clear();
            }
        }
    }

    @Benchmark
    public void readings() throws Exception {
        received.setBuffer(wire.getSharedBuffer(), 0, wire.length());
        for (int i = 1; i <= BATCH; i++) {
            DeviceInput r = serializer.deserialize(received);
            maxTs = Math.max(maxTs, r.ts);
            harness.processElement(new StreamRecord<>(r, r.ts));
            if (++sinceWatermark == watermarkEvery) {
                sinceWatermark = 0;
                harness.processWatermark(maxTs - OUT_OF_ORDERNESS_MS - 1);
            }
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        harness.close();
    }

    /** The least a keyed operator does per message: look its key's state up and change it. */
    static final class CountPerDevice
            extends KeyedBroadcastProcessFunction<String, DeviceInput, ConfigDocument, AlertTransition> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext ctx) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(DeviceInput in, ReadOnlyContext ctx, Collector<AlertTransition> out)
                throws Exception {
            Long c = count.value();
            count.update(c == null ? 1 : c + 1);
        }

        @Override
        public void processBroadcastElement(ConfigDocument doc, Context ctx, Collector<AlertTransition> out) {}
    }
}
