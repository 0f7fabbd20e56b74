package io.finegrid.jobs.rollup;

/**
 * One reading with every metric, tagged as the registry knew its device when it arrived: what the
 * rules hand to the rollups (one element per reading, not per metric). A Flink POJO.
 */
public class EnrichedReading {
    public Sample device;
    public long ts;
    public String[] metrics;
    public double[] values;

    public EnrichedReading() {}

    public EnrichedReading(Sample device, long ts, String[] metrics, double[] values) {
        this.device = device;
        this.ts = ts;
        this.metrics = metrics;
        this.values = values;
    }

    /** The same key as the device's inputs, so readings stay in the subtask that made them. */
    public String deviceKey() {
        return device.deviceKey();
    }

    /** The series of metric {@code i}. */
    public Sample sample(int i) {
        return new Sample(device.community, device.grid, device.building, device.deviceId, device.deviceType, metrics[i],
                ts, values[i]);
    }
}
