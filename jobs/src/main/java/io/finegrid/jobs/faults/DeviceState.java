package io.finegrid.jobs.faults;

import io.finegrid.jobs.hygiene.RecentSeqs;
import io.finegrid.jobs.rollup.DeviceMinutes;
import io.finegrid.jobs.rollup.Sample;
import io.finegrid.jobs.status.DeviceStatusPoint;
import java.util.Map;

/**
 * Everything the job keeps about one device, as one state value: a message or a timer costs one
 * read and one write of it, where separate states per rule kind cost one lookup each (they were
 * most of the job's time). A Flink POJO; rule states are by rule id.
 */
public class DeviceState {
    /*
     * The device's key as DeviceStateIndex compares it: its characters packed eight to a number,
     * or (keys too long for that, indexKeyLength -1) the key itself. Here, in the state's first fields,
     * so that telling a state's device costs no read of memory the message does not need anyway.
     * Not state (transient, so not in checkpoints or copies): set when the state is indexed.
     */
    transient long indexKey0;
    transient long indexKey1;
    transient long indexKey2;
    transient long indexKey3;
    transient int indexKeyLength;
    transient String indexKey;
    /* Where touch() finds the parts' arrays before the parts themselves (see note()); not state. */
    transient long[] seenTimes;
    transient double[] seenSeries;
    transient String[] seenMetrics;
    transient RateDetector.State seenRate;
    /** The device as the registry knew it at its latest message (grid, building, type). */
    public Sample device;
    /**
     * {@link #device}'s building and type, kept here as well: every message compares the one and
     * every reading's rules the other, and {@link #device} is one more object, so one more cache
     * miss, in a community whose devices take turns (null in state saved before they were kept:
     * then the device is looked up again).
     */
    public String building;
    public String deviceType;
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
    /*
     * Rule states by rule id, one RuleStates per rule kind; null until the device keeps a state of
     * that kind (most devices never do for most kinds). Read with RuleStates.stateOf, write with
     * RuleStates.with.
     */
    public RuleStates<ThresholdState> thresholdStates;
    public RuleStates<RateDetector.State> rateStates;
    public RuleStates<FlatlineDetector.State> flatlineStates;
    public RuleStates<EventDetector.State> eventStates;
    public RuleStates<OfflineDetector.State> offlineStates;
    /*
     * The rule states as state saved before RuleStates kept them (one map per kind, same names):
     * such a state restores into these, and they move into the fields above when the device is
     * next touched (adoptSavedMaps). Null otherwise, always in state saved since.
     */
    public Map<String, ThresholdState> thresholds;
    public Map<String, RateDetector.State> rates;
    public Map<String, FlatlineDetector.State> flatlines;
    public Map<String, EventDetector.State> events;
    public Map<String, OfflineDetector.State> offlines;

    /** Moves rule states restored from state saved before RuleStates into their fields (see {@link #thresholds}). */
    void adoptSavedMaps() {
        if (thresholds == null && rates == null && flatlines == null && events == null && offlines == null) {
            return;
        }
        thresholdStates = adopt(thresholdStates, thresholds);
        rateStates = adopt(rateStates, rates);
        flatlineStates = adopt(flatlineStates, flatlines);
        eventStates = adopt(eventStates, events);
        offlineStates = adopt(offlineStates, offlines);
        thresholds = null;
        rates = null;
        flatlines = null;
        events = null;
        offlines = null;
    }

    private static <S> RuleStates<S> adopt(RuleStates<S> states, Map<String, S> saved) {
        if (saved != null) {
            for (Map.Entry<String, S> e : saved.entrySet()) {
                if (e.getValue() != null && RuleStates.stateOf(states, e.getKey()) == null) {
                    states = RuleStates.with(states, e.getKey(), e.getValue());
                }
            }
        }
        return states;
    }

    /**
     * Reads a field of each part of the state that a message goes on to use, one right after the
     * other, and folds them into a number of no use to anyone (the caller keeps it, so that the
     * compiler cannot drop the reads). Why: in a large community the devices take turns, so by a
     * device's next message its parts have left the processor's caches, and each part is an
     * object of its own. Read where each is needed, they come from memory one after the other;
     * read together here, the processor fetches them all at once, and the work that follows finds
     * them in the cache.
     */
    long touch() {
        // The parts' arrays first, by the references noted at the last message (see note()):
        // otherwise each waits for its part to arrive before its own fetch can start.
        long t = 0;
        if (seenTimes != null) {
            t += seenTimes[0];
        }
        if (seenSeries != null) {
            double[] s = seenSeries;
            for (int i = 0; i < s.length; i += 8) { // each cache line of it
                t += (long) s[i];
            }
        }
        if (seenMetrics != null) {
            t += seenMetrics.length;
        }
        if (seenRate != null) {
            t += seenRate.lastTs;
        }
        t += recentSeqs == null ? 0 : recentSeqs.highest;
        if (pending != null) {
            t += pending.touch();
        }
        if (minutes != null) {
            t += minutes.touch();
        }
        if (rateStates != null) {
            t += rateStates.state.lastTs;
        }
        if (thresholdStates != null) {
            t += thresholdStates.state.breachSince;
        }
        return t;
    }

    /**
     * Notes where the parts' arrays and the rate rule's state are now, for {@link #touch} at the
     * device's next message. Only hints: one that a part has replaced since costs a wasted read,
     * and none (after a restore or a checkpoint's copy, which leave them out) costs nothing.
     */
    void note() {
        seenTimes = pending == null ? null : pending.times;
        seenSeries = minutes == null ? null : minutes.series;
        seenMetrics = minutes == null ? null : minutes.metrics;
        seenRate = rateStates == null ? null : rateStates.state;
    }

    /** The reporting interval, or null when the registry gives none. */
    java.time.Duration interval() {
        return intervalMs > 0 ? java.time.Duration.ofMillis(intervalMs) : null;
    }

    /** Whether some offline rule's clock runs. */
    boolean anyOfflineClockRunning() {
        return RuleStates.any(offlineStates, st -> !st.firing);
    }
}
