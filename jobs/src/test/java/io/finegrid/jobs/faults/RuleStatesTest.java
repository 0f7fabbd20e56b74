package io.finegrid.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class RuleStatesTest {
    @Test
    void aKindOfRuleStateHasAnObjectOnlyWhileSomeStateIsKept() {
        RuleStates<ThresholdState> states = null;
        assertNull(RuleStates.stateOf(states, "low"));
        assertNull(RuleStates.with(states, "low", null), "removing from none keeps none");
        ThresholdState low = new ThresholdState(1_000, false, 0.1);
        states = RuleStates.with(states, "low", low);
        assertNotNull(states);
        states = RuleStates.with(states, "high", new ThresholdState(2_000, true, 9));
        assertSame(low, RuleStates.stateOf(states, "low"));
        states = RuleStates.with(states, "low", null);
        assertNull(RuleStates.stateOf(states, "low"));
        assertNotNull(states, "one state left");
        assertNull(RuleStates.with(states, "high", null), "the last state gone: no object");
    }

    /** One rule of a kind is held in the object's own fields, further ones in its map; the last removed leaves nothing. */
    @Test
    void furtherRulesOfAKindGoToTheMapAndTakeTheFirstPlaceWhenItIsFreed() {
        RateDetector.State a = DeviceStateTest.rate(1_000, 0.1);
        RateDetector.State b = DeviceStateTest.rate(2_000, 0.2);
        RateDetector.State c = DeviceStateTest.rate(3_000, 0.3);
        RuleStates<RateDetector.State> states = RuleStates.with(null, "a", a);
        states = RuleStates.with(states, "b", b);
        states = RuleStates.with(states, "c", c);
        assertEquals("a", states.rule);
        assertEquals(2, states.more.size());
        assertSame(b, RuleStates.stateOf(states, new String("b"))); // equal ids, not only the same string
        states = RuleStates.with(states, "a", null);
        assertNotNull(states);
        assertNull(RuleStates.stateOf(states, "a"));
        assertSame(b, RuleStates.stateOf(states, "b"));
        assertSame(c, RuleStates.stateOf(states, "c"));
        assertEquals(1, states.more.size(), "one of the others took the first place");
        states = RuleStates.removeIf(states, (rule, st) -> rule.equals("c"));
        assertSame(b, RuleStates.stateOf(states, "b"));
        assertNull(states.more, "no map while one rule is left");
        assertEquals(true, RuleStates.any(states, st -> st.lastTs == 2_000));
        assertEquals(false, RuleStates.any(states, st -> st.lastTs == 3_000));
        assertNull(RuleStates.removeIf(states, (rule, st) -> true));
    }

    /** An id equal to the kept one but another string (as after a restore) is taken over, so later lookups compare references. */
    @Test
    void theRunningRuleSetsIdIsKeptOnceMet() {
        String restored = new String("surge");
        RuleStates<RateDetector.State> states = RuleStates.with(null, restored, DeviceStateTest.rate(1_000, 0.1));
        String running = "surge";
        assertEquals(0.1, RuleStates.stateOf(states, running).lastValue);
        assertSame(running, states.rule);
    }
}
