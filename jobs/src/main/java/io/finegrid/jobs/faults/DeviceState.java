package io.finegrid.jobs.faults;

import io.finegrid.jobs.hygiene.RecentSeqs;
import io.finegrid.jobs.rollup.DeviceMinutes;
import io.finegrid.jobs.rollup.Sample;
import io.finegrid.jobs.status.DeviceStatusPoint;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything the job keeps about one device, as one state value: a message or a timer costs one
 * read and one write of it, where separate states per rule kind cost one lookup each (they were
 * most of the job's time). A Flink POJO; rule states are by rule id.
 */
public class DeviceState {
    /** The device as the registry knew it at its latest message (grid, building, type). */
    public Sample device;
    /** The registry {@link #device} was looked up in (see DeviceRules). */
    public long registryStamp;
    /** The device's reporting interval in the registry {@link #device} was looked up in; 0 when it has none. */
    public long intervalMs;
    /** The newest event time of any message from the device. */
    public long lastSeen = Long.MIN_VALUE;
    /** The wall clock when its newest message arrived (for the offline fallback when event time stops). */
    public long lastArrival;
    /** The newest reading the per-reading rules saw; older readings only reach the rollups. */
    public long readingClock = Long.MIN_VALUE;
    public RecentSeqs recentSeqs = new RecentSeqs();
    /** Messages the offline rules have not taken yet (the watermark has not passed them). */
    public PendingMessages pending = new PendingMessages();
    /** Whether some offline rule's clock runs (not firing): its due-time timer then takes the pending messages. */
    public boolean offlineClockRunning;
    /**
     * The earliest time an offline clock is due (Long.MAX_VALUE: none runs; 0: not known, e.g.
     * just after a configuration change, so nothing may be skipped on its account).
     */
    public long offlineDueAt;
    /** The time the offline rules' timer is set for (one at a time, see OfflineClocks#armTimer). */
    public long offlineTimerAt;
    /**
     * The time the threshold and flatline rules' timer is set for (see DeviceRules#armRuleTimer);
     * 0: none known, as in state saved before it was kept.
     */
    public long ruleTimerAt;
    /** The minute end a rollup timer was set for (see DeviceRules#closeMinuteInTime). */
    public long minuteTimerAt;
    /** When the timer that forgets the device is due (see DeviceRules#armForget); 0: none known. */
    public long forgetAt;
    /** When the wall-clock fallback timer is due (one is kept armed per device). */
    public long fallbackAt = Long.MIN_VALUE;
    /** The open telemetry_1m minutes. */
    public DeviceMinutes minutes = new DeviceMinutes();
    /** The newest status message, for device_status changes. */
    public DeviceStatusPoint.Last lastStatus;
    public Map<String, ThresholdState> thresholds = new HashMap<>();
    public Map<String, RateDetector.State> rates = new HashMap<>();
    public Map<String, FlatlineDetector.State> flatlines = new HashMap<>();
    public Map<String, EventDetector.State> events = new HashMap<>();
    public Map<String, OfflineDetector.State> offlines = new HashMap<>();

    /** The reporting interval, or null when the registry gives none. */
    java.time.Duration interval() {
        return intervalMs > 0 ? java.time.Duration.ofMillis(intervalMs) : null;
    }

    /** Whether some offline rule's clock runs. */
    boolean anyOfflineClockRunning() {
        for (OfflineDetector.State st : offlines.values()) {
            if (st != null && !st.firing) {
                return true;
            }
        }
        return false;
    }
}
