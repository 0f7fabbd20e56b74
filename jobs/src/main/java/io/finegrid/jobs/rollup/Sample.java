package io.finegrid.jobs.rollup;

/** One metric of one enriched reading: the unit the rollups and rules work on (a Flink POJO). */
public class Sample {
    public String community;
    public String grid;
    public String building;
    public String deviceId;
    public String deviceType;
    public String metric;
    public long ts;
    public double value;

    /** The line-protocol tags of the device, up to the metric (see TelemetryMinute); made when first asked for. */
    transient String deviceTags;

    public Sample() {}

    public Sample(String community, String grid, String building, String deviceId, String deviceType, String metric,
                  long ts, double value) {
        this.community = community;
        this.grid = grid;
        this.building = building;
        this.deviceId = deviceId;
        this.deviceType = deviceType;
        this.metric = metric;
        this.ts = ts;
        this.value = value;
    }

    /** The same key as the device's inputs ({@code DeviceInput.deviceKey}), so samples stay where they were made. */
    public String deviceKey() {
        return community + "|" + deviceId;
    }

    /** The series identity as one key; '|' cannot occur in identifiers or metric names. */
    public String seriesKey() {
        return String.join("|", community, grid, building, deviceId, deviceType, metric);
    }

    /** The tags of a series key; the time and value are left zero. */
    public static Sample ofSeriesKey(String key) {
        String[] p = key.split("\\|", -1);
        return new Sample(p[0], p[1], p[2], p[3], p[4], p[5], 0, 0);
    }
}
