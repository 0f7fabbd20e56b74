package io.finegrid.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.jobs.input.DeviceInput;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.Assignee;
import io.finegrid.model.device.EventType;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import io.finegrid.model.config.ConfigDocument;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

public class DeviceRulesTest {
    public static final ConfigTexts CONFIG = new ConfigTexts("""
            community: c1
            grids: [{id: G1, manager: gm}]
            buildings: [{id: B01, grid: G1}]
            devices:
              - {id: wp-1, type: water_pump, building: B01, interval: 10s}
              - {id: elv-1, type: elevator, building: B01, interval: 10s}
            """, """
            rules:
              - {id: pump-low-pressure, kind: threshold, deviceType: water_pump, metric: pressure_mpa,
                 below: 0.15, clear: 0.18, for: 60s, severity: major, category: water_supply}
              - {id: lift-trapped, kind: event, deviceType: elevator, eventType: fault, codes: [E30],
                 clearOn: fault_cleared, severity: critical, category: water_supply}
              - {id: offline, kind: offline, deviceType: "*", missed: 3, severity: minor, category: water_supply}
            """, """
            services: [{category: water_supply, respond: 30m, resolve: 4h}]
            """, """
            recipients: [{id: crew-w, org: utility-water}, {id: gm, org: committee}]
            assignments: [{grid: "*", category: "*", crew: crew-w}]
            """);

    static DeviceInput reading(String device, long ts, long seq, double pressure) {
        DeviceInput r = new DeviceInput();
        r.kind = DeviceInput.Kind.READING;
        r.community = "c1";
        r.building = "B01";
        r.deviceId = device;
        r.ts = ts;
        r.seq = seq;
        r.metrics = new String[] {"pressure_mpa"};
        r.values = new double[] {pressure};
        return r;
    }

    static DeviceInput event(String device, long ts, EventType type, String code) {
        DeviceInput r = new DeviceInput();
        r.kind = DeviceInput.Kind.EVENT;
        r.community = "c1";
        r.building = "B01";
        r.deviceId = device;
        r.ts = ts;
        r.eventType = type;
        r.code = code;
        return r;
    }

    static KeyedBroadcastOperatorTestHarness<String, DeviceInput, ConfigDocument, AlertTransition> harness()
            throws Exception {
        var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new DeviceRules(CONFIG, 600_000),
                DeviceInput::deviceKey, Types.STRING, LiveConfig.DESCRIPTOR);
        h.processBroadcastWatermark(Long.MAX_VALUE); // as in the job: configuration carries no event time
        return h;
    }

    @Test
    void thresholdDecidesOnTheArrivalOfTheDecidingReadingWithoutAWatermark() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(reading("wp-1", 0, 1, 0.1), 0));
            h.processElement(new StreamRecord<>(reading("wp-1", 20_000, 2, 0.1), 20_000));
            h.processElement(new StreamRecord<>(reading("wp-1", 20_000, 2, 0.1), 20_000)); // duplicate seq
            h.processElement(new StreamRecord<>(reading("wp-1", 40_000, 3, 0.1), 40_000));
            h.processElement(new StreamRecord<>(reading("wp-1", 60_000, 4, 0.1), 60_000));
            List<AlertTransition> out = h.extractOutputValues();
            assertEquals(1, out.size(), "fired by the reading at 60 s, no watermark needed");
            assertEquals(AlertState.FIRING, out.get(0).state());
            assertEquals(60_000, out.get(0).updatedAt());
            assertEquals(new Assignee("utility-water", "crew-w"), out.get(0).assignee());
            h.processWatermark(59_999);
            var minute = h.getSideOutput(DeviceRules.ROLLUPS).stream().map(StreamRecord::getValue).toList();
            assertEquals(1, minute.size(), "the first minute closes when the watermark reaches its last millisecond");
            assertTrue(minute.get(0).contains("count=3i") && minute.get(0).endsWith(" 0"),
                    "duplicates do not reach the rollups: " + minute.get(0));
            h.processElement(new StreamRecord<>(reading("wp-1", 70_000, 5, 0.2), 70_000));
            assertEquals(AlertState.RESOLVED, h.extractOutputValues().get(1).state());
        }
    }

    @Test
    void eventRuleFiresAndClearsOnArrival() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(event("elv-1", 1_000, EventType.FAULT, "E30"), 1_000));
            h.processElement(new StreamRecord<>(event("elv-1", 5_000, EventType.FAULT_CLEARED, "E30"), 5_000));
            List<AlertTransition> out = h.extractOutputValues();
            assertEquals(List.of(AlertState.FIRING, AlertState.RESOLVED), out.stream().map(AlertTransition::state).toList());
            assertEquals("lift-trapped|elv-1", out.get(0).fingerprint());
            assertEquals(null, out.get(0).value());
        }
    }

    @Test
    void offlineFiresWhenEventTimePassesTheSilenceAndEverythingIsForgottenLater() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(reading("wp-1", 1_000, 1, 0.3), 1_000));
            h.processWatermark(30_999);
            assertEquals(0, h.extractOutputValues().size());
            h.processWatermark(31_000);
            List<AlertTransition> out = h.extractOutputValues();
            assertEquals(1, out.size());
            assertEquals("offline|wp-1", out.get(0).fingerprint());
            assertEquals(31_000, out.get(0).startsAt());
            h.processElement(new StreamRecord<>(reading("wp-1", 40_000, 2, 0.3), 40_000));
            assertEquals(1, h.extractOutputValues().size(), "offline resolves in event-time order, at the watermark");
            h.processWatermark(40_000);
            assertEquals(AlertState.RESOLVED, h.extractOutputValues().get(1).state());
            // A device silent for longer than the forget horizon leaves nothing behind but its offline alert.
            h.processWatermark(40_000 + DeviceRules.FORGET_AFTER_MS + 3_600_000);
            assertEquals(AlertState.FIRING, h.extractOutputValues().get(2).state());
            assertEquals(0, HarnessState.keyedEntries(h));
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    @Test
    void aReportingDeviceGetsEachMinuteWrittenOnceAtItsNextReadingAndNoTimerForIt() throws Exception {
        try (var h = harness()) {
            int maxTimers = 0;
            List<Long> writtenAt = new java.util.ArrayList<>();
            for (long ts = 0; ts < 600_000; ts += 10_000) {
                h.processElement(new StreamRecord<>(reading("wp-1", ts, ts / 10_000, 0.3), ts));
                noteWritten(h, writtenAt, ts - 20_000); // by this reading, at the watermark the last one left
                h.processWatermark(ts - 10_000); // other devices' readings move event time 10 s behind
                noteWritten(h, writtenAt, ts - 10_000); // by the offline rules' timer
                if (ts >= 90_000) { // once its first minute (opened before any offline clock ran) was written
                    maxTimers = Math.max(maxTimers, h.numEventTimeTimers());
                }
            }
            List<String> points = h.getSideOutput(DeviceRules.ROLLUPS).stream().map(StreamRecord::getValue).toList();
            assertEquals(9, points.size(), "minutes 0-8 closed while minute 9 is still open: " + points);
            for (int m = 0; m < points.size(); m++) {
                assertTrue(points.get(m).endsWith(" " + m * 60_000L), points.get(m));
                assertTrue(points.get(m).contains("count=6i"), points.get(m));
                long end = m * 60_000L + 59_999;
                // At the device's first reading or offline timer after the watermark passed the end.
                assertTrue(writtenAt.get(m) >= end && writtenAt.get(m) <= end + 10_001,
                        "minute " + m + " written at watermark " + writtenAt.get(m));
            }
            assertEquals(0, h.extractOutputValues().size(), "a device that reports is never offline");
            // The offline rules' one timer and the forget timer; none for a minute's end.
            assertTrue(maxTimers <= 2, "timers per device: " + maxTimers);
        }
    }

    /**
     * Event time can stand still while devices report (a job starting up, sources not yet marked
     * idle) and then jump past many minutes at once, after the device's last message. Every
     * minute it passed must be written then, without waiting for another reading. The timers the
     * offline rules set for each message while their clock is stopped do it; an attempt to keep
     * only one of them (at the oldest pending message) left all but the first minute unwritten,
     * found by the conformance check, not by the tests before this one.
     */
    @Test
    void minutesTheWatermarkJumpsOverAfterTheLastReadingAreAllWritten() throws Exception {
        try (var h = harness()) {
            for (long ts = 0; ts < 720_000; ts += 10_000) { // twelve minutes, event time standing still
                h.processElement(new StreamRecord<>(reading("wp-1", ts, ts / 10_000 + 1, 0.3), ts));
            }
            h.processWatermark(710_000 - 10_000);
            List<String> points = h.getSideOutput(DeviceRules.ROLLUPS).stream().map(StreamRecord::getValue).toList();
            assertEquals(11, points.size(), "minutes 0-10 end before the watermark: " + points);
            for (int m = 0; m < points.size(); m++) {
                assertTrue(points.get(m).endsWith(" " + m * 60_000L) && points.get(m).contains("count=6i"), points.get(m));
            }
        }
    }

    @Test
    void aDeviceReportingForHoursKeepsOneTimerToBeForgottenAndIsForgottenAWeekAfterItsLastMessage() throws Exception {
        try (var h = harness()) {
            int maxTimers = 0;
            long ts = 0;
            for (; ts < 5 * 3_600_000L; ts += 10_000) { // five hours of event time
                h.processElement(new StreamRecord<>(reading("wp-1", ts, ts / 10_000, 0.3), ts));
                h.processWatermark(ts - 10_000);
                if (ts >= 90_000) {
                    maxTimers = Math.max(maxTimers, h.numEventTimeTimers());
                }
            }
            // Offline and forget: a forget timer per hour of messages, each pending for a week, made it six here.
            assertTrue(maxTimers <= 2, "timers per device: " + maxTimers);
            long last = ts - 10_000;
            h.processWatermark(last + DeviceRules.FORGET_AFTER_MS - 3_600_000);
            assertTrue(HarnessState.keyedEntries(h) > 0, "still known six days and 23 hours after its last message");
            h.processWatermark(last + DeviceRules.FORGET_AFTER_MS + 3_600_000);
            assertEquals(0, HarnessState.keyedEntries(h));
            assertEquals(0, h.numEventTimeTimers());
        }
    }

    private static void noteWritten(KeyedBroadcastOperatorTestHarness<String, DeviceInput, ConfigDocument, AlertTransition> h,
                                    List<Long> writtenAt, long watermark) {
        var rollups = h.getSideOutput(DeviceRules.ROLLUPS);
        while (rollups != null && writtenAt.size() < rollups.size()) {
            writtenAt.add(watermark);
        }
    }

    @Test
    void aNoisySensorUnderAFlatlineRuleKeepsFewTimersAndAStuckOneFiresAtItsWindowsEndByTheWatermark()
            throws Exception {
        try (var h = harness()) {
            send(h, "rules", CONFIG.rules() + """
                      - {id: pressure-stuck, kind: flatline, deviceType: water_pump, metric: pressure_mpa,
                         window: 5m, severity: minor, category: water_supply}
                    """, 0);
            int maxTimers = 0;
            long ts = 0;
            for (; ts < 1_800_000; ts += 10_000) { // 30 minutes, a new value every reading
                h.processElement(new StreamRecord<>(reading("wp-1", ts, ts / 10_000, 0.3 + (ts / 10_000 % 7) / 100.0), ts));
                h.processWatermark(ts - 10_000);
                if (ts >= 90_000) { // once its first minute (opened before any offline clock ran) was written
                    maxTimers = Math.max(maxTimers, h.numEventTimeTimers());
                }
            }
            assertEquals(0, h.extractOutputValues().size(), "a changing value is never stuck");
            // Offline, forget, and one for the rules that wait (one per reading before: 32 here).
            assertTrue(maxTimers <= 3, "timers per device: " + maxTimers);
            long stuckSince = ts;
            for (; ts < stuckSince + 300_000; ts += 10_000) { // the same value, and then silence: only the watermark decides
                h.processElement(new StreamRecord<>(reading("wp-1", ts, ts / 10_000, 0.25), ts));
            }
            assertEquals(0, h.extractOutputValues().size(), "nothing before the watermark passes the window's end");
            h.processWatermark(stuckSince + 300_000 - 1);
            assertEquals(0, h.extractOutputValues().size());
            h.processWatermark(stuckSince + 300_000);
            List<AlertTransition> out = h.extractOutputValues();
            assertEquals(1, out.size());
            assertEquals("pressure-stuck|wp-1", out.get(0).fingerprint());
            assertEquals(stuckSince, out.get(0).startsAt());
            assertEquals(stuckSince + 300_000, out.get(0).updatedAt());
        }
    }

    @Test
    void whenTheWholeCommunityFallsSilentTheWallClockDecidesOfflineOnceEventTimeHasStoodStillAMinute() throws Exception {
        try (var h = harness()) {
            h.setProcessingTime(0);
            h.processElement(new StreamRecord<>(reading("wp-1", 1_000, 1, 0.3), 1_000));
            h.processWatermark(1_000); // and then nothing more is said: the watermark stands still
            h.setProcessingTime(45_000);
            assertEquals(0, h.extractOutputValues().size(), "silent 45 s by the wall clock, but event time stood only 45 s");
            h.setProcessingTime(80_000);
            assertEquals(0, h.extractOutputValues().size(), "a pause of the job is not a silent community");
            h.setProcessingTime(120_000);
            List<AlertTransition> out = h.extractOutputValues();
            assertEquals(1, out.size());
            assertEquals("offline|wp-1", out.get(0).fingerprint());
            assertEquals(31_000, out.get(0).startsAt(), "the start the watermark would have given: last message + 3 intervals");
        }
    }

    @Test
    void whileEventTimeMovesTheWallClockNeverDecides() throws Exception {
        try (var h = harness()) {
            h.setProcessingTime(0);
            h.processElement(new StreamRecord<>(reading("wp-1", 1_000, 1, 0.3), 1_000));
            for (long t = 10_000; t <= 200_000; t += 10_000) {
                h.processWatermark(Math.min(t / 10, 20_000)); // other devices keep event time creeping on
                h.setProcessingTime(t);
            }
            assertEquals(0, h.extractOutputValues().size(), "wp-1 silent 200 s by the wall clock, but event time moved");
        }
    }

    static final String LIFT_AND_OFFLINE_ONLY = """
            rules:
              - {id: lift-trapped, kind: event, deviceType: elevator, eventType: fault, codes: [E30],
                 clearOn: fault_cleared, severity: critical, category: water_supply}
              - {id: offline, kind: offline, deviceType: "*", missed: 3, severity: minor, category: water_supply}
            """;

    static void send(KeyedBroadcastOperatorTestHarness<String, DeviceInput, ConfigDocument, AlertTransition> h,
                     String kind, String yaml, long ts) throws Exception {
        h.processBroadcastElement(new ConfigDocument(kind, "c1", yaml, ts), ts);
    }

    @Test
    void aRemovedRuleResolvesItsOpenAlertAtOnceAndDecidesNothingMore() throws Exception {
        try (var h = harness()) {
            for (int i = 0; i <= 3; i++) {
                h.processElement(new StreamRecord<>(reading("wp-1", i * 20_000L, i + 1, 0.1), i * 20_000L));
            }
            assertEquals(AlertState.FIRING, h.extractOutputValues().get(0).state());
            send(h, "rules", LIFT_AND_OFFLINE_ONLY, 100_000);
            List<AlertTransition> out = h.extractOutputValues();
            assertEquals(2, out.size(), "the removal resolves the open alert without waiting for a reading");
            AlertTransition resolved = out.get(1);
            assertEquals(AlertState.RESOLVED, resolved.state());
            assertEquals(out.get(0).alertId(), resolved.alertId());
            assertEquals(100_000, resolved.updatedAt());
            assertTrue(resolved.summary().contains("removed"), resolved.summary());
            h.processElement(new StreamRecord<>(reading("wp-1", 120_000, 5, 0.1), 120_000));
            h.processElement(new StreamRecord<>(reading("wp-1", 200_000, 6, 0.1), 200_000));
            assertEquals(2, h.extractOutputValues().size(), "the removed rule decides nothing any more");
        }
    }

    @Test
    void aChangedLevelKeepsTheRunningStateAndAppliesFromTheNextReading() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(reading("wp-1", 0, 1, 0.11), 0));
            h.processElement(new StreamRecord<>(reading("wp-1", 30_000, 2, 0.11), 30_000));
            send(h, "rules", CONFIG.rules().replace("below: 0.15", "below: 0.12"), 40_000);
            assertEquals(0, h.extractOutputValues().size());
            h.processElement(new StreamRecord<>(reading("wp-1", 60_000, 3, 0.11), 60_000));
            List<AlertTransition> out = h.extractOutputValues();
            assertEquals(1, out.size(), "still breaching the new level: the breach that began at 0 s has held 60 s");
            assertEquals(0, out.get(0).startsAt());
            assertEquals(60_000, out.get(0).updatedAt());
            assertTrue(out.get(0).summary().contains("below 0.12"), out.get(0).summary());
        }
    }

    @Test
    void aNewRuleAppliesFromTheNextEvent() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(event("wp-1", 1_000, EventType.FAULT, "P1"), 1_000));
            assertEquals(0, h.extractOutputValues().size());
            send(h, "rules", CONFIG.rules() + """
                      - {id: pump-fault, kind: event, deviceType: water_pump, eventType: fault,
                         severity: major, category: water_supply}
                    """, 2_000);
            h.processElement(new StreamRecord<>(event("wp-1", 3_000, EventType.FAULT, "P1"), 3_000));
            List<AlertTransition> out = h.extractOutputValues();
            assertEquals(1, out.size());
            assertEquals("pump-fault|wp-1", out.get(0).fingerprint());
            assertEquals(3_000, out.get(0).startsAt());
        }
    }

    @Test
    void aDeviceMovedOutOfARulesReachResolvesItsAlert() throws Exception {
        try (var h = harness()) {
            h.processElement(new StreamRecord<>(event("elv-1", 1_000, EventType.FAULT, "E30"), 1_000));
            send(h, "community", CONFIG.community().replace("{id: elv-1, type: elevator", "{id: elv-1, type: escalator"),
                    5_000);
            List<AlertTransition> out = h.extractOutputValues();
            assertEquals(List.of(AlertState.FIRING, AlertState.RESOLVED), out.stream().map(AlertTransition::state).toList());
            assertTrue(out.get(1).summary().contains("no longer"), out.get(1).summary());
        }
    }

    @Test
    void aDocumentThatBreaksTheConfigurationIsRefusedWithItsReasonAndChangesNothing() throws Exception {
        try (var h = harness()) {
            send(h, "rules", "rules:\n  - {id: bad, kind: sometimes, deviceType: \"*\", severity: minor, category: x}\n",
                    1_000);
            send(h, "weather", "sunny: true\n", 1_000);
            send(h, "rules", LIFT_AND_OFFLINE_ONLY, 1_000);
            var refused = h.getSideOutput(DeviceRules.REJECTED_CONFIG).stream().map(StreamRecord::getValue).toList();
            assertEquals(2, refused.size());
            assertEquals("invalid_config", refused.get(0).reason());
            assertTrue(refused.get(0).detail().contains("rules.yaml:2"), refused.get(0).detail());
            assertTrue(refused.get(1).detail().contains("unknown config kind"), refused.get(1).detail());
            assertEquals("fg.config", refused.get(0).source());
        }
    }

    /** A new rule operator restored from {@code snapshot}, as after a restart. */
    static KeyedBroadcastOperatorTestHarness<String, DeviceInput, ConfigDocument, AlertTransition> restored(
            org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot) throws Exception {
        var h = new KeyedBroadcastOperatorTestHarness<String, DeviceInput, ConfigDocument, AlertTransition>(
                new org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator<>(
                        new DeviceRules(CONFIG, 600_000), List.of(LiveConfig.DESCRIPTOR)),
                DeviceInput::deviceKey, Types.STRING, 1, 1, 0);
        h.setup();
        h.initializeState(snapshot);
        h.open();
        h.processBroadcastWatermark(Long.MAX_VALUE);
        return h;
    }

    @Test
    void theAppliedConfigurationSurvivesARestoreFromACheckpoint() throws Exception {
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (var h = harness()) {
            send(h, "rules", LIFT_AND_OFFLINE_ONLY, 1_000);
            h.processElement(new StreamRecord<>(reading("wp-1", 2_000, 1, 0.1), 2_000));
            snapshot = h.snapshot(1, 3_000);
        }
        try (var h = restored(snapshot)) {
            for (int i = 1; i <= 4; i++) {
                h.processElement(new StreamRecord<>(reading("wp-1", 2_000 + i * 20_000L, i + 1, 0.1), 2_000 + i * 20_000L));
            }
            assertEquals(0, h.extractOutputValues().size(), "the threshold rule stays removed after the restore");
        }
    }
    /**
     * A checkpoint's state is the state when it began, although the device keeps changing while
     * the snapshot is written (asynchronously): the operator's index of states must not hand out
     * an object the snapshot still reads (DeviceStateIndex). The snapshot is taken in two parts
     * here, as a task does: begun, then readings, then written.
     */
    @Test
    void aCheckpointHoldsTheStateAsItWasWhenItBeganWhateverArrivesWhileItIsWritten() throws Exception {
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState snapshot;
        try (var h = harness()) {
            for (int i = 1; i <= 3; i++) {
                h.processElement(new StreamRecord<>(reading("wp-1", i * 1_000L, i, 0.5), i * 1_000L));
            }
            var storage = new org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage()
                    .createCheckpointStorage(new org.apache.flink.api.common.JobID())
                    .resolveCheckpointStorageLocation(1,
                            org.apache.flink.runtime.state.CheckpointStorageLocationReference.getDefault());
            var begun = h.getOperator().snapshotState(1, 3_000,
                    org.apache.flink.runtime.checkpoint.CheckpointOptions.forCheckpointWithDefaultLocation(), storage);
            for (int i = 4; i <= 5; i++) { // the same minute, while the snapshot is being written
                h.processElement(new StreamRecord<>(reading("wp-1", i * 1_000L, i, 0.5), i * 1_000L));
            }
            snapshot = org.apache.flink.streaming.api.operators.OperatorSnapshotFinalizer.create(begun)
                    .getJobManagerOwnedState();
            h.processWatermark(59_999);
            List<String> live = h.getSideOutput(DeviceRules.ROLLUPS).stream().map(StreamRecord::getValue).toList();
            assertEquals(1, live.size());
            assertTrue(live.get(0).contains("count=5i"), "the running operator counts all five: " + live.get(0));
        }
        try (var h = restored(snapshot)) {
            h.processWatermark(59_999);
            List<String> restored = h.getSideOutput(DeviceRules.ROLLUPS).stream().map(StreamRecord::getValue).toList();
            assertEquals(1, restored.size());
            assertTrue(restored.get(0).contains("count=3i"), "the checkpoint holds the three readings before it: "
                    + restored.get(0));
        }
    }
}
