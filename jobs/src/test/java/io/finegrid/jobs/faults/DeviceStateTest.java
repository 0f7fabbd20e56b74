package io.finegrid.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class DeviceStateTest {
    @Test
    void aKindOfRuleStateHasAMapOnlyWhileSomeStateIsKept() {
        Map<String, ThresholdState> states = null;
        assertNull(DeviceState.stateOf(states, "low"));
        assertNull(DeviceState.with(states, "low", null), "removing from none keeps none");
        ThresholdState low = new ThresholdState(1_000, false, 0.1);
        states = DeviceState.with(states, "low", low);
        assertNotNull(states);
        states = DeviceState.with(states, "high", new ThresholdState(2_000, true, 9));
        assertSame(low, DeviceState.stateOf(states, "low"));
        states = DeviceState.with(states, "low", null);
        assertNull(DeviceState.stateOf(states, "low"));
        assertNotNull(states, "one state left");
        assertNull(DeviceState.with(states, "high", null), "the last state gone: no map");
    }

    /** Checkpoints, restores and copy-on-write copies go through Flink's serializer: none and some states both survive. */
    @Test
    void statesWithAndWithoutMapsSurviveFlinksSerializer() throws Exception {
        TypeSerializer<DeviceState> serializer = Types.POJO(DeviceState.class).createSerializer(new SerializerConfigImpl());
        DeviceState none = new DeviceState();
        DeviceState some = new DeviceState();
        some.thresholds = DeviceState.with(null, "low", new ThresholdState(1_000, true, 0.1));
        RateDetector.State rate = new RateDetector.State();
        rate.lastTs = 5_000;
        rate.lastValue = 0.3;
        some.rates = DeviceState.with(null, "surge", rate);
        some.recentSeqs.add(7, 1_000, 600_000);
        for (DeviceState d : new DeviceState[] {none, some}) {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(d, out);
            DeviceState back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            DeviceState copy = serializer.copy(d);
            for (DeviceState r : new DeviceState[] {back, copy}) {
                assertEquals(d.thresholds == null, r.thresholds == null);
                assertEquals(d.rates == null, r.rates == null);
                assertNull(r.flatlines);
                assertNull(r.events);
                assertNull(r.offlines);
                assertEquals(d.recentSeqs.contains(7, 2_000, 600_000), r.recentSeqs.contains(7, 2_000, 600_000));
            }
            if (d == some) {
                assertEquals(true, DeviceState.stateOf(back.thresholds, "low").firing);
                assertEquals(0.3, DeviceState.stateOf(back.rates, "surge").lastValue);
                assertEquals(5_000L, DeviceState.stateOf(copy.rates, "surge").lastTs);
            }
        }
    }
}
