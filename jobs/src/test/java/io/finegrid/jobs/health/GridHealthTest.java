package io.finegrid.jobs.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.jobs.faults.LiveConfig;
import io.finegrid.jobs.lifecycle.AlertLifecycleTest;
import io.finegrid.jobs.service.RequestChange;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.Severity;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class GridHealthTest {
    static AlertTransition alert(String id, Severity s, AlertState state, long at) {
        return new AlertTransition(id, "f", "r", state, s, "water_supply", "c1", "G1", "B01", null, null, null, null, 0,
                at, 0, null, null);
    }

    static GridSignal device(String id, boolean online, long ts) {
        return GridSignal.of(GridSignal.Kind.DEVICE, "c1", "G1", id, online, null, ts);
    }

    @Test
    void theStateCountsWhatIsOpenNowNotWhatHappened() {
        GridState g = new GridState();
        g.apply(device("wp-1", true, 0));
        g.apply(device("wp-2", true, 0));
        g.apply(device("wp-2", false, 5));
        g.apply(GridSignal.alert(alert("a", Severity.MAJOR, AlertState.FIRING, 1)));
        g.apply(GridSignal.alert(alert("a", Severity.MAJOR, AlertState.ACKNOWLEDGED, 2)));
        g.apply(GridSignal.alert(alert("b", Severity.CRITICAL, AlertState.FIRING, 3)));
        g.apply(GridSignal.alert(alert("b", Severity.CRITICAL, AlertState.RESOLVED, 4)));
        g.apply(GridSignal.request(new RequestChange("c1", "G1", "water_supply", "R-1", 1, true, false, 0)));
        g.apply(GridSignal.request(new RequestChange("c1", "G1", "water_supply", "R-2", 1, true, false, 0)));
        g.apply(GridSignal.request(new RequestChange("c1", "G1", "water_supply", "R-2", 9, true, true, 0)));
        g.apply(GridSignal.request(new RequestChange("c1", "G1", "water_supply", "R-1", 9, false, false, 0)));
        assertEquals(1, g.online());
        assertEquals(1, g.alerts("major"), "acknowledged is still open");
        assertEquals(0, g.alerts("critical"));
        assertEquals(1, g.requestsOpen());
        assertEquals(1, g.requestsBreached());
    }

    @Test
    void aPointEveryTenSecondsOfEventTimeStampedWithItsWindowStart() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new GridHealth(AlertLifecycleTest.CONFIG), GridSignal::gridKey, Types.STRING, LiveConfig.DESCRIPTOR)) {
            h.processBroadcastWatermark(Long.MAX_VALUE);
            h.processElement(new StreamRecord<>(device("wp-1", true, 3_000), 3_000));
            h.processElement(new StreamRecord<>(GridSignal.alert(alert("a", Severity.MAJOR, AlertState.FIRING, 12_000)),
                    12_000));
            h.processWatermark(9_999);
            assertEquals(0, h.extractOutputValues().size());
            h.processWatermark(25_000);
            List<String> points = h.extractOutputValues();
            assertEquals(2, points.size(), points.toString());
            assertEquals("grid_health,community=c1,grid=G1 alerts_critical=0i,alerts_major=1i,alerts_minor=0i,"
                    + "devices=1i,online=1i,requests_breached=0i,requests_open=0i 0", points.get(0));
            assertTrue(points.get(1).endsWith(" 10000"), points.get(1));
            h.processWatermark(Long.MAX_VALUE); // the end of a bounded input: one last window, then quiet
            assertEquals(3, h.extractOutputValues().size());
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    static List<String> boundedRun(List<GridSignal> signals) throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new GridHealth(AlertLifecycleTest.CONFIG), GridSignal::gridKey, Types.STRING, LiveConfig.DESCRIPTOR)) {
            h.processBroadcastWatermark(Long.MAX_VALUE);
            for (GridSignal s : signals) {
                h.processElement(new StreamRecord<>(s, s.ts));
            }
            h.processWatermark(Long.MAX_VALUE); // a bounded input ends before any boundary passed
            return h.extractOutputValues();
        }
    }

    @Test
    void aBoundedInputGivesTheSamePointsInWhateverOrderItsSignalsArrive() throws Exception {
        // Signals come from several operators, so their order differs from run to run.
        GridSignal early = device("wp-1", true, 3_000);
        GridSignal late = GridSignal.alert(alert("a", Severity.MAJOR, AlertState.FIRING, 42_000));
        List<String> inOrder = boundedRun(List.of(early, late));
        assertEquals(inOrder, boundedRun(List.of(late, early)));
        assertEquals(5, inOrder.size(), "windows 0 to 40 s: " + inOrder);
        assertTrue(inOrder.get(0).endsWith(" 0") && inOrder.get(4).endsWith(" 40000"), inOrder.toString());
    }

    @Test
    void whenEventTimeStopsTheWallClockKeepsThePointsComing() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new GridHealth(AlertLifecycleTest.CONFIG), GridSignal::gridKey, Types.STRING, LiveConfig.DESCRIPTOR)) {
            h.processBroadcastWatermark(Long.MAX_VALUE);
            h.setProcessingTime(0);
            h.processElement(new StreamRecord<>(device("wp-1", true, 3_000), 3_000));
            h.processWatermark(5_000); // and then nothing more is said
            for (long t = 10_000; t <= 100_000; t += 10_000) {
                h.setProcessingTime(t);
            }
            List<String> points = h.extractOutputValues();
            assertTrue(points.size() >= 3, "points after a minute of standstill: " + points);
            assertTrue(points.get(0).endsWith(" 0"), points.get(0));
            int before = points.size();
            h.processWatermark(60_000); // event time resumes: no boundary written twice
            List<String> after = h.extractOutputValues();
            assertEquals(after.stream().distinct().count(), after.size(), after.toString());
            assertTrue(after.size() >= before);
        }
    }
}
