package io.finegrid.jmh.pair;

import io.finegrid.jmh.PumpConfig;
import io.finegrid.jobs.FineGridJob;
import io.finegrid.jobs.faults.DeviceRules;
import io.finegrid.jobs.faults.LiveConfig;
import io.finegrid.jobs.input.DeviceInput;
import io.finegrid.jobs.input.DeviceInputSerializer;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.config.ConfigDocument;
import io.finegrid.platform.bench.PumpTrace;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.OutputTag;

/**
 * One build's device-rule operator in Flink's test harness, with the pump rules and readings of
 * {@code finegrid bench jobs}. Loaded once per build ({@link BuildLoader}), so it links against
 * that build's classes; driven through JDK types only. A step is {@code {first reading, count,
 * phase}}: phase {@link #WIRE} puts the readings on the wire as the shuffle would (not timed),
 * phase {@link #RUN} decodes them, hands them to the operator, then a watermark that trails the
 * newest reading by the job's default out-of-orderness, as the job's sources do.
 * What the operator emits is let go every {@value #DRAIN_EVERY} readings, as the job's network
 * output does, not kept until the step ends.
 */
public final class Side implements Consumer<long[]> {
    static final long WIRE = 0;
    static final long RUN = 1;
    private static final int DRAIN_EVERY = 1024;
    private static final long OUT_OF_ORDERNESS_MS = FineGridJob.Options.defaults().outOfOrderness().toMillis();

    private final PumpTrace pumps;
    private final KeyedBroadcastOperatorTestHarness<String, DeviceInput, ConfigDocument, AlertTransition> harness;
    private final DeviceInputSerializer serializer = new DeviceInputSerializer();
    private final DataOutputSerializer wire = new DataOutputSerializer(1 << 20);
    private final DataInputDeserializer received = new DataInputDeserializer();
    private long newest = Long.MIN_VALUE;
    /** What the operator emitted: alert transitions, and rollup lines. */
    private long alerts;
    private long rollups;

    public Side(int devices) throws Exception {
        pumps = new PumpTrace(devices, 1_700_000_000_000L);
        SharedKey.register(DeviceInput.class, r -> ((DeviceInput) r).deviceKey());
        @SuppressWarnings({"unchecked", "rawtypes"})
        KeySelector<DeviceInput, String> key = (KeySelector) new SharedKey();
        harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new DeviceRules(PumpConfig.of(pumps), 600_000), key,
                Types.STRING, LiveConfig.DESCRIPTOR);
        harness.processBroadcastWatermark(Long.MAX_VALUE); // no configuration changes: only the devices' time
    }

    @Override
    public void accept(long[] step) {
        try {
            if (step[2] == WIRE) {
                wire.clear();
                for (long i = step[0]; i < step[0] + step[1]; i++) {
                    serializer.serialize(DeviceInput.of(pumps.reading(i)), wire);
                }
                return;
            }
            received.setBuffer(wire.getSharedBuffer(), 0, wire.length());
            for (long i = 1; i <= step[1]; i++) {
                DeviceInput r = serializer.deserialize(received);
                newest = Math.max(newest, r.ts);
                harness.processElement(new StreamRecord<>(r, r.ts));
                if (i % DRAIN_EVERY == 0) {
                    drain();
                }
            }
            harness.processWatermark(newest - OUT_OF_ORDERNESS_MS - 1);
            drain();
        } catch (Exception e) {
            throw new IllegalStateException("the operator failed at reading " + step[0], e);
        }
    }

    private void drain() {
        for (Object o : harness.getOutput()) {
            if (o instanceof StreamRecord<?>) {
                alerts++;
            }
        }
        harness.getOutput().clear();
        for (OutputTag<?> tag : new OutputTag<?>[] {DeviceRules.ROLLUPS, DeviceRules.PRESENCE, DeviceRules.STATUS_POINTS}) {
            var queue = harness.getSideOutput(tag);
            if (queue != null) {
                if (tag == DeviceRules.ROLLUPS) {
                    rollups += queue.size();
                }
                queue.clear();
            }
        }
    }

    /** What the operator emitted so far, for comparing the builds: alert transitions and rollup lines. */
    @Override
    public String toString() {
        return alerts + " alert transitions, " + rollups + " rollup lines";
    }
}
