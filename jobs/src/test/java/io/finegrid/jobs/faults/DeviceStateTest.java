package io.finegrid.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class DeviceStateTest {
    /**
     * State saved before RuleStates restores into the maps of the same names (Flink's POJO
     * serializer keeps fields by name); the device's next message or timer moves them over.
     */
    @Test
    void ruleStatesSavedInTheEarlierMapsAreAdopted() {
        DeviceState d = new DeviceState();
        d.thresholds = new java.util.HashMap<>(Map.of("low", new ThresholdState(1_000, true, 0.1)));
        d.rates = new java.util.HashMap<>(Map.of("surge", rate(5_000, 0.3), "jump", rate(6_000, 0.4)));
        d.offlines = new java.util.HashMap<>();
        d.adoptSavedMaps();
        assertEquals(true, RuleStates.stateOf(d.thresholdStates, "low").firing);
        assertEquals(0.3, RuleStates.stateOf(d.rateStates, "surge").lastValue);
        assertEquals(0.4, RuleStates.stateOf(d.rateStates, "jump").lastValue);
        assertNull(d.offlineStates, "an empty saved map: no states");
        assertNull(d.thresholds);
        assertNull(d.rates);
        assertNull(d.offlines);
        d.adoptSavedMaps(); // nothing left to adopt: the states stay
        assertEquals(0.4, RuleStates.stateOf(d.rateStates, "jump").lastValue);
    }

    static RateDetector.State rate(long ts, double v) {
        RateDetector.State st = new RateDetector.State();
        st.lastTs = ts;
        st.lastValue = v;
        return st;
    }

    /** Checkpoints, restores and copy-on-write copies go through Flink's serializer: none and some states both survive. */
    @Test
    void statesWithAndWithoutRuleStatesSurviveFlinksSerializer() throws Exception {
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false); // as the job runs: a field Flink cannot see into fails here, not quietly goes to Kryo
        TypeSerializer<DeviceState> serializer = Types.POJO(DeviceState.class).createSerializer(config);
        DeviceState none = new DeviceState();
        DeviceState some = new DeviceState();
        some.thresholdStates = RuleStates.with(null, "low", new ThresholdState(1_000, true, 0.1));
        some.rateStates = RuleStates.with(RuleStates.with(null, "surge", rate(5_000, 0.3)), "jump", rate(6_000, 0.4));
        some.offlines = new java.util.HashMap<>(Map.of("offline", new OfflineDetector.State(1_000, true, 31_000)));
        some.recentSeqs.add(7, 1_000, 600_000);
        for (DeviceState d : new DeviceState[] {none, some}) {
            DataOutputSerializer out = new DataOutputSerializer(256);
            serializer.serialize(d, out);
            DeviceState back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            DeviceState copy = serializer.copy(d);
            for (DeviceState r : new DeviceState[] {back, copy}) {
                assertEquals(d.thresholdStates == null, r.thresholdStates == null);
                assertEquals(d.rateStates == null, r.rateStates == null);
                assertNull(r.flatlineStates);
                assertNull(r.eventStates);
                assertNull(r.offlineStates);
                assertEquals(d.offlines == null, r.offlines == null);
                assertEquals(d.recentSeqs.contains(7, 2_000, 600_000), r.recentSeqs.contains(7, 2_000, 600_000));
            }
            if (d == some) {
                assertEquals(true, RuleStates.stateOf(back.thresholdStates, "low").firing);
                assertEquals(0.3, RuleStates.stateOf(back.rateStates, "surge").lastValue);
                assertEquals(5_000L, RuleStates.stateOf(copy.rateStates, "surge").lastTs);
                assertEquals(0.4, RuleStates.stateOf(back.rateStates, "jump").lastValue);
                assertEquals(6_000L, RuleStates.stateOf(copy.rateStates, "jump").lastTs);
                assertEquals(31_000L, back.offlines.get("offline").startsAt, "a state saved the earlier way restores too");
            }
        }
    }
}
