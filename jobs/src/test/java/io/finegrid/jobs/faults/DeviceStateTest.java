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
    void aKindOfRuleStateHasAnObjectOnlyWhileSomeStateIsKept() {
        RuleStates<ThresholdState> states = null;
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
        assertNull(DeviceState.with(states, "high", null), "the last state gone: no object");
    }

    /** One rule of a kind is held in the object's own fields, further ones in its map; the last removed leaves nothing. */
    @Test
    void furtherRulesOfAKindGoToTheMapAndTakeTheFirstPlaceWhenItIsFreed() {
        RateDetector.State a = rate(1_000, 0.1);
        RateDetector.State b = rate(2_000, 0.2);
        RateDetector.State c = rate(3_000, 0.3);
        RuleStates<RateDetector.State> states = DeviceState.with(null, "a", a);
        states = DeviceState.with(states, "b", b);
        states = DeviceState.with(states, "c", c);
        assertEquals("a", states.rule);
        assertEquals(2, states.more.size());
        assertSame(b, DeviceState.stateOf(states, new String("b"))); // equal ids, not only the same string
        states = DeviceState.with(states, "a", null);
        assertNotNull(states);
        assertNull(DeviceState.stateOf(states, "a"));
        assertSame(b, DeviceState.stateOf(states, "b"));
        assertSame(c, DeviceState.stateOf(states, "c"));
        assertEquals(1, states.more.size(), "one of the others took the first place");
        states = RuleStates.removeIf(states, (rule, st) -> rule.equals("c"));
        assertSame(b, DeviceState.stateOf(states, "b"));
        assertNull(states.more, "no map while one rule is left");
        assertEquals(true, RuleStates.any(states, st -> st.lastTs == 2_000));
        assertEquals(false, RuleStates.any(states, st -> st.lastTs == 3_000));
        assertNull(RuleStates.removeIf(states, (rule, st) -> true));
    }

    /** An id equal to the kept one but another string (as after a restore) is taken over, so later lookups compare references. */
    @Test
    void theRunningRuleSetsIdIsKeptOnceMet() {
        String restored = new String("surge");
        RuleStates<RateDetector.State> states = DeviceState.with(null, restored, rate(1_000, 0.1));
        String running = "surge";
        assertEquals(0.1, DeviceState.stateOf(states, running).lastValue);
        assertSame(running, states.rule);
    }

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
        assertEquals(true, DeviceState.stateOf(d.thresholdStates, "low").firing);
        assertEquals(0.3, DeviceState.stateOf(d.rateStates, "surge").lastValue);
        assertEquals(0.4, DeviceState.stateOf(d.rateStates, "jump").lastValue);
        assertNull(d.offlineStates, "an empty saved map: no states");
        assertNull(d.thresholds);
        assertNull(d.rates);
        assertNull(d.offlines);
        d.adoptSavedMaps(); // nothing left to adopt: the states stay
        assertEquals(0.4, DeviceState.stateOf(d.rateStates, "jump").lastValue);
    }

    private static RateDetector.State rate(long ts, double v) {
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
        some.thresholdStates = DeviceState.with(null, "low", new ThresholdState(1_000, true, 0.1));
        some.rateStates = DeviceState.with(DeviceState.with(null, "surge", rate(5_000, 0.3)), "jump", rate(6_000, 0.4));
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
                assertEquals(true, DeviceState.stateOf(back.thresholdStates, "low").firing);
                assertEquals(0.3, DeviceState.stateOf(back.rateStates, "surge").lastValue);
                assertEquals(5_000L, DeviceState.stateOf(copy.rateStates, "surge").lastTs);
                assertEquals(0.4, DeviceState.stateOf(back.rateStates, "jump").lastValue);
                assertEquals(6_000L, DeviceState.stateOf(copy.rateStates, "jump").lastTs);
                assertEquals(31_000L, back.offlines.get("offline").startsAt, "a state saved the earlier way restores too");
            }
        }
    }
}
