package io.finegrid.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.finegrid.jobs.registry.ConfigTexts;
import io.finegrid.jobs.rollup.Sample;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.Assignee;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class RuleEvaluatorTest {
    static final ConfigTexts CONFIG = new ConfigTexts("""
            community: c1
            grids: [{id: G1, manager: gm}]
            buildings: [{id: B01, grid: G1}]
            devices: [{id: wp-1, type: water_pump, building: B01, interval: 10s}]
            """, """
            rules:
              - {id: pump-low-pressure, kind: threshold, deviceType: water_pump, metric: pressure_mpa,
                 below: 0.15, clear: 0.18, for: 60s, severity: major, category: water_supply}
            """, """
            services: [{category: water_supply, respond: 30m, resolve: 4h}]
            """, """
            recipients: [{id: crew-w, org: utility-water}, {id: gm, org: committee}]
            assignments: [{grid: "*", category: "*", crew: crew-w}]
            """);

    static Sample sample(long ts, String metric, double v) {
        return new Sample("c1", "G1", "B01", "wp-1", "water_pump", metric, ts, v);
    }

    @Test
    void timerFiresTheAlertAndResolutionLeavesNoStateOrTimers() throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, Sample, AlertTransition>(
                new KeyedProcessOperator<>(new RuleEvaluator(CONFIG)), Sample::deviceKey, Types.STRING)) {
            h.open();
            h.processElement(new StreamRecord<>(sample(10_000, "pressure_mpa", 0.1), 10_000));
            h.processElement(new StreamRecord<>(sample(10_000, "motor_current_a", 3), 10_000));
            assertEquals(1, h.numEventTimeTimers());
            h.processWatermark(69_999);
            assertEquals(List.of(), h.extractOutputValues());
            h.processWatermark(70_000);
            List<AlertTransition> out = h.extractOutputValues();
            assertEquals(1, out.size());
            AlertTransition a = out.get(0);
            assertEquals(AlertState.FIRING, a.state());
            assertEquals("pump-low-pressure|wp-1", a.fingerprint());
            assertEquals(10_000, a.startsAt());
            assertEquals(70_000, a.updatedAt());
            assertEquals(new Assignee("utility-water", "crew-w"), a.assignee());
            assertEquals("pressure_mpa 0.1 below 0.15 for 60 s", a.summary());
            h.processElement(new StreamRecord<>(sample(80_000, "pressure_mpa", 0.2), 80_000));
            AlertTransition r = h.extractOutputValues().get(1);
            assertEquals(AlertState.RESOLVED, r.state());
            assertEquals(a.alertId(), r.alertId());
            assertEquals(80_000, r.updatedAt());
            h.processWatermark(100_000);
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }
}
