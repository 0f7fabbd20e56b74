package io.finegrid.jobs.faults;

import io.finegrid.jobs.hygiene.RecentSeqs;

/**
 * Where one device stands, apart from its rules: kept as one state value, so a message costs one
 * read and one write of it. A Flink POJO.
 */
public class DeviceTrack {
    /** The device as the registry knew it at its latest message (grid, building, type). */
    public io.finegrid.jobs.rollup.Sample device;
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
    /** When the wall-clock fallback timer is due (only one is kept armed per device). */
    public long fallbackAt = Long.MIN_VALUE;
    /** The open telemetry_1m minutes. */
    public io.finegrid.jobs.rollup.DeviceMinutes minutes = new io.finegrid.jobs.rollup.DeviceMinutes();
}
