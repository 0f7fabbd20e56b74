package io.finegrid.jobs.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.finegrid.jobs.faults.LiveConfig;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.alert.AlertAck;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.Assignee;
import io.finegrid.model.alert.Severity;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

public class AlertLifecycleTest {
    public static final ConfigTexts CONFIG = new ConfigTexts("""
            community: c1
            grids: [{id: G1, manager: gm}]
            buildings: [{id: B01, grid: G1, residents: 100}]
            devices: [{id: wp-1, type: water_pump, building: B01, interval: 10s}]
            """, """
            rules:
              - {id: pump-low, kind: threshold, deviceType: water_pump, metric: pressure_mpa, below: 0.15, for: 10s,
                 severity: major, category: water_supply}
            """, """
            services: [{category: water_supply, name: Water, respond: 30m, resolve: 4h}]
            backlog: {openPerGrid: 20, consultation: {reports: 5, within: 24h, scope: building}}
            """, """
            recipients: [{id: crew, org: pm}, {id: gm, org: committee}, {id: office, org: street}]
            assignments: [{grid: "*", category: "*", crew: crew, escalate: [{after: 15m, to: gm}, {after: 1h, to: office}]}]
            """);

    static AlertTransition raised(long startsAt) {
        return new AlertTransition("a-1", "pump-low|wp-1", "pump-low", AlertState.FIRING, Severity.MAJOR, "water_supply",
                "c1", "G1", "B01", "wp-1", null, "low", 0.1, startsAt, startsAt, 0, new Assignee("pm", "crew"), null);
    }

    static KeyedBroadcastOperatorTestHarness<String, AlertSignal, io.finegrid.model.config.ConfigDocument, AlertTransition>
            harness() throws Exception {
        var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new AlertLifecycle(CONFIG),
                AlertSignal::alertKey, Types.STRING, LiveConfig.DESCRIPTOR);
        h.processBroadcastWatermark(Long.MAX_VALUE);
        return h;
    }

    @Test
    void escalatesInEventTimeUpTheResponsibilityListAndStopsWhenAcknowledged() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(AlertSignal.detected(raised(0)), 0));
            h.processWatermark(15 * 60_000 - 1);
            assertEquals(1, h.extractOutputValues().size());
            h.processWatermark(15 * 60_000);
            List<AlertTransition> out = h.extractOutputValues();
            assertEquals(AlertState.ESCALATED, out.get(1).state());
            assertEquals(new Assignee("committee", "gm"), out.get(1).assignee());
            h.processElement(new StreamRecord<>(AlertSignal.ack(new AlertAck("a-1", AlertAck.Action.ACK, "gm", 20 * 60_000, null))));
            h.processWatermark(2 * 60 * 60_000);
            out = h.extractOutputValues();
            assertEquals(List.of(AlertState.FIRING, AlertState.ESCALATED, AlertState.ACKNOWLEDGED),
                    out.stream().map(AlertTransition::state).toList(), "no level 2 after the acknowledgement");
            assertEquals(0, h.numEventTimeTimers(), "no escalation timer left");
            AlertTransition cleared = raised(0).next(AlertState.RESOLVED, 3 * 60 * 60_000, 0, null, null);
            h.processElement(new StreamRecord<>(AlertSignal.detected(cleared), 3 * 60 * 60_000));
            assertEquals(AlertState.RESOLVED, h.extractOutputValues().get(3).state());
            assertEquals(0, io.finegrid.jobs.faults.HarnessState.keyedEntries(h), "nothing kept after the episode");
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void whenEventTimeStopsTheWallClockEscalatesAtTheDueTime() throws Exception {
        try (var h = harness()) {
            h.setProcessingTime(0);
            h.processElement(new StreamRecord<>(AlertSignal.detected(raised(0)), 0));
            h.processWatermark(0); // then the community falls silent: the watermark stays
            h.setProcessingTime(10 * 60_000);
            assertEquals(1, h.extractOutputValues().size());
            h.setProcessingTime(17 * 60_000);
            List<AlertTransition> out = h.extractOutputValues();
            assertEquals(2, out.size());
            assertEquals(AlertState.ESCALATED, out.get(1).state());
            assertEquals(15 * 60_000, out.get(1).updatedAt(), "stamped with the due time, as the watermark would");
            h.processWatermark(16 * 60_000); // event time comes back: no second escalation to level 1
            assertEquals(2, h.extractOutputValues().size());
        }
    }

    @Test
    void anAcknowledgementForNoHeldAlertGoesToTheDeadLetters() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(AlertSignal.ack(new AlertAck("a-9", AlertAck.Action.RESOLVE, "crew", 5, null))));
            assertEquals(0, h.extractOutputValues().size());
            var dead = h.getSideOutput(AlertLifecycle.REFUSED);
            assertEquals(1, dead.size());
            assertEquals("unknown_alert", dead.peek().getValue().reason());
        }
    }

    @Test
    void aPersonsResolutionIsKeptUntilTheDetectorLetsGoAndForgottenAfterThat() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(AlertSignal.detected(raised(0)), 0));
            h.processElement(new StreamRecord<>(AlertSignal.ack(new AlertAck("a-1", AlertAck.Action.RESOLVE, "crew", 60_000, null))));
            h.processWatermark(60 * 60_000);
            assertEquals(List.of(AlertState.FIRING, AlertState.RESOLVED),
                    h.extractOutputValues().stream().map(AlertTransition::state).toList(), "no escalation after");
            h.processElement(new StreamRecord<>(AlertSignal.detected(raised(0).next(AlertState.RESOLVED, 70 * 60_000, 0, null,
                    null)), 70 * 60_000));
            assertEquals(2, h.extractOutputValues().size(), "the detector's resolution is not published again");
            assertEquals(0, io.finegrid.jobs.faults.HarnessState.keyedEntries(h));
            assertEquals(0, h.numEventTimeTimers(), "no timer left to forget what is already forgotten");
        }
    }
}
