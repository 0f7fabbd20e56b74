package io.finegrid.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.finegrid.jobs.faults.Transition.Kind;
import io.finegrid.jobs.input.DeviceInput;
import io.finegrid.model.alert.Severity;
import io.finegrid.model.config.RulesConfig.CompositeRule;
import io.finegrid.model.config.RulesConfig.CompositeRule.Condition;
import io.finegrid.model.device.EventType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompositeDetectorTest {
    static final CompositeRule FIRE = new CompositeRule("fire-suspected", "*", Severity.CRITICAL, "fire_safety",
            Duration.ofMinutes(2), "building", List.of(new Condition("smoke_detector", EventType.ALARM, null, null, null),
                    new Condition("temp_humidity", null, "temp_c", 50.0, null)));

    @Test
    void firesWhenAllConditionsHoldWithinTheWindowAndResolvesWhenQuiet() {
        CompositeDetector.Step a = CompositeDetector.onCondition(FIRE, null, 1, 10_000, true);   // hot
        assertNull(a.transition());
        CompositeDetector.Step b = CompositeDetector.onCondition(FIRE, a.state(), 0, 70_000, true); // smoke alarm
        assertEquals(new Transition(Kind.FIRING, 10_000, 70_000, Double.NaN), b.transition());
        assertEquals(190_000, CompositeDetector.dueAt(FIRE, b.state()));
        assertNull(CompositeDetector.advanceTo(FIRE, b.state(), 189_999).transition());
        assertEquals(new Transition(Kind.RESOLVED, 10_000, 190_000, Double.NaN),
                CompositeDetector.advanceTo(FIRE, b.state(), 190_000).transition());
    }

    @Test
    void conditionsTooFarApartOrNoLongerHoldingDoNotFire() {
        CompositeDetector.Step a = CompositeDetector.onCondition(FIRE, null, 1, 0, true);
        assertNull(CompositeDetector.onCondition(FIRE, a.state(), 0, 121_000, true).transition(), "more than 2 min apart");
        CompositeDetector.Step cooled = CompositeDetector.onCondition(FIRE, a.state(), 1, 5_000, false);
        assertNull(CompositeDetector.onCondition(FIRE, cooled.state(), 0, 6_000, true).transition(), "temperature fell back");
    }

    @Test
    void removingTheRuleResolvesTheBuildingAlertAtOnce() throws Exception {
        try (var h = fireSuspected()) {
            h.processBroadcastElement(new io.finegrid.model.config.ConfigDocument("rules", "c1", "rules: []\n", 50_000), 50_000);
            var out = h.extractOutputValues();
            assertEquals(2, out.size());
            assertEquals(io.finegrid.model.alert.AlertState.RESOLVED, out.get(1).state());
            assertEquals(out.get(0).alertId(), out.get(1).alertId());
            assertEquals(50_000, out.get(1).updatedAt());
            assertEquals(0, HarnessState.keyedEntries(h));
        }
    }

    static final io.finegrid.model.config.ConfigTexts CONFIG = new io.finegrid.model.config.ConfigTexts("""
                community: c1
                grids: [{id: G1}]
                buildings: [{id: B01, grid: G1}]
                devices:
                  - {id: sd-1, type: smoke_detector, building: B01, interval: 60s}
                  - {id: th-1, type: temp_humidity, building: B01, interval: 30s}
                """, """
                rules:
                  - id: fire-suspected
                    kind: composite
                    within: 2m
                    all:
                      - {deviceType: smoke_detector, eventType: alarm}
                      - {deviceType: temp_humidity, metric: temp_c, above: 50}
                    severity: critical
                    category: fire_safety
                """, "services: [{category: fire_safety, respond: 5m, resolve: 1h}]\n",
                "recipients: [{id: crew, org: pm}]\nassignments: [{grid: \"*\", category: \"*\", crew: crew}]\n");

    @Test
    void operatorRaisesOneBuildingAlertAndLeavesNothingBehind() throws Exception {
        try (var h = fireSuspected()) {
            var out = h.extractOutputValues();
            assertEquals(1, out.size());
            assertEquals("fire-suspected|B01", out.get(0).fingerprint());
            assertNull(out.get(0).deviceId());
            assertEquals("G1", out.get(0).grid());
            h.processWatermark(160_000);
            assertEquals(io.finegrid.model.alert.AlertState.RESOLVED, h.extractOutputValues().get(1).state());
            assertEquals(0, HarnessState.keyedEntries(h));
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    /** A scope-rules operator that has seen a hot reading at 10 s and a smoke alarm at 40 s in B01. */
    static org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness<String, DeviceInput,
            io.finegrid.model.config.ConfigDocument, io.finegrid.model.alert.AlertTransition> fireSuspected()
            throws Exception {
        var h = org.apache.flink.streaming.util.ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
                new ScopeRules(CONFIG), ScopeRules::buildingKey, org.apache.flink.api.common.typeinfo.Types.STRING,
                LiveConfig.DESCRIPTOR);
        h.processBroadcastWatermark(Long.MAX_VALUE);
        DeviceInput hot = input("th-1", 10_000);
        hot.kind = DeviceInput.Kind.READING;
        hot.metrics = new String[] {"temp_c"};
        hot.values = new double[] {58};
        DeviceInput alarm = input("sd-1", 40_000);
        alarm.kind = DeviceInput.Kind.EVENT;
        alarm.eventType = EventType.ALARM;
        h.processElement(hot, 10_000);
        h.processElement(alarm, 40_000);
        return h;
    }

    static DeviceInput input(String device, long ts) {
        DeviceInput d = new DeviceInput();
        d.community = "c1";
        d.building = "B01";
        d.deviceId = device;
        d.ts = ts;
        return d;
    }

    @Test
    void inputsMatchConditionsByDeviceTypeEventAndLevel() {
        DeviceInput hot = new DeviceInput();
        hot.kind = DeviceInput.Kind.READING;
        hot.metrics = new String[] {"temp_c"};
        hot.values = new double[] {55};
        assertEquals(Boolean.TRUE, ScopeRules.holds(FIRE.all().get(1), "temp_humidity", hot));
        assertNull(ScopeRules.holds(FIRE.all().get(1), "water_pump", hot));
        hot.values = new double[] {21};
        assertEquals(Boolean.FALSE, ScopeRules.holds(FIRE.all().get(1), "temp_humidity", hot));
        DeviceInput alarm = new DeviceInput();
        alarm.kind = DeviceInput.Kind.EVENT;
        alarm.eventType = EventType.ALARM;
        assertEquals(Boolean.TRUE, ScopeRules.holds(FIRE.all().get(0), "smoke_detector", alarm));
        alarm.eventType = EventType.TAMPER;
        assertNull(ScopeRules.holds(FIRE.all().get(0), "smoke_detector", alarm));
    }
}
