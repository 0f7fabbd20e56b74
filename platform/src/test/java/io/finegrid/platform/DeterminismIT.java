package io.finegrid.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Detection is a function of event time: one trace published as fast as possible and published
 * again paced at 1x (real time) yields the same alert transitions with the same startsAt and
 * updatedAt (relative to the trace's start).
 */
class DeterminismIT {
    @Test
    void replayAtFullSpeedAndAtRealTimeGiveTheSameTransitions() throws Exception {
        // Two communities with the same devices: the same trace, once per speed, through one job each.
        long base = (System.currentTimeMillis() - 10 * 60_000) / 1000 * 1000;
        List<String> fast;
        List<String> paced;
        try (Platform platform = TestCommunity.start("detfast", FaultTrace.RULES, "1s")) {
            FaultTrace.publish("detfast", base, 0);
            fast = FaultTrace.relative(TestCommunity.alertsUntil("detfast",
                    a -> FaultTrace.relative(a, base).size() >= FaultTrace.EXPECTED.size()), base);
        }
        // The second job reads the first run's records too: start its trace after them in event
        // time, as a replay of yesterday would come after what the topics already hold.
        long later = base + 120_000;
        try (Platform platform = TestCommunity.start("detpaced", FaultTrace.RULES, "1s")) {
            FaultTrace.publish("detpaced", later, 1.0);
            paced = FaultTrace.relative(TestCommunity.alertsUntil("detpaced",
                    a -> FaultTrace.relative(a, later).size() >= FaultTrace.EXPECTED.size()), later);
        }
        assertEquals(FaultTrace.EXPECTED, fast, "the full-speed run, as the rules say");
        assertEquals(fast, paced, "the real-time run");
    }
}
