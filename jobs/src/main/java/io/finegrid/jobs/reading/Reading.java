package io.finegrid.jobs.reading;

import io.finegrid.model.device.NormalizedReading;
import java.util.Map;

/**
 * A reading inside the job: a Flink POJO (arrays, not maps, so no Kryo). A record that could not
 * be decoded from {@code fg.telemetry} travels as a reading with {@code error} and {@code raw} set,
 * so it reaches the dead-letter topic instead of vanishing.
 */
public class Reading {
    public static final long NO_SEQ = -1;

    public String community;
    public String building;
    public String deviceId;
    public long ts;
    public long seq = NO_SEQ;
    public String[] metrics;
    public double[] values;
    public long ingestTs;
    public String error;
    public String raw;

    public Reading() {}

    public static Reading of(NormalizedReading n) {
        Reading r = new Reading();
        r.community = n.community();
        r.building = n.building();
        r.deviceId = n.deviceId();
        r.ts = n.ts();
        r.seq = n.seq() == null ? NO_SEQ : n.seq();
        r.ingestTs = n.ingestTs();
        r.metrics = new String[n.metrics().size()];
        r.values = new double[n.metrics().size()];
        int i = 0;
        for (Map.Entry<String, Object> e : n.metrics().entrySet()) {
            r.metrics[i] = e.getKey();
            // Booleans aggregate as 1/0: a pump's "running" share of a minute is its mean.
            r.values[i] = e.getValue() instanceof Boolean b ? (b ? 1.0 : 0.0) : ((Number) e.getValue()).doubleValue();
            i++;
        }
        return r;
    }

    public static Reading undecodable(String raw, String error) {
        Reading r = new Reading();
        r.raw = raw;
        r.error = error;
        r.deviceId = "";
        return r;
    }

    /** Device ids are unique within a community only: per-device state is keyed by both. */
    public String deviceKey() {
        return community + "|" + deviceId;
    }

    public boolean hasSeq() {
        return seq != NO_SEQ;
    }

    @Override
    public String toString() {
        return deviceId + "@" + ts + (hasSeq() ? "#" + seq : "") + java.util.Arrays.toString(metrics)
                + java.util.Arrays.toString(values);
    }
}
