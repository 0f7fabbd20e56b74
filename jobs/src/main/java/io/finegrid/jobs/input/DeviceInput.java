package io.finegrid.jobs.input;

import io.finegrid.model.device.EventType;
import io.finegrid.model.device.NormalizedEvent;
import io.finegrid.model.device.NormalizedReading;
import io.finegrid.model.device.NormalizedStatus;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Whatever a device says, inside the job: a reading, a facility event or a status. Arrays, not
 * maps, and a serializer of its own ({@link DeviceInputSerializer}). A record that could not be
 * decoded travels with {@code error} and {@code raw} set, so it reaches the dead-letter topic
 * instead of vanishing.
 */
@TypeInfo(DeviceInputTypeInfo.Factory.class)
public class DeviceInput {
    public static final long NO_SEQ = -1;

    /** REQUEST: a resident's service request update ({@link #request}), which shares the source and its event time. */
    public enum Kind { READING, EVENT, STATUS, REQUEST }

    public Kind kind;
    public String community;
    public String building;
    public String deviceId;
    public long ts;
    public long seq = NO_SEQ;
    public String[] metrics;
    public double[] values;
    public EventType eventType;
    public String code;
    public boolean online;
    /** NaN when the status carried no battery level. */
    public double batteryPct = Double.NaN;
    public long ingestTs;
    public String error;
    public String raw;
    public String sourceTopic;
    public io.finegrid.jobs.service.RequestUpdate request;
    /** {@link #deviceKey}, made once per record: the key is asked for on both sides of the shuffle, and more. */
    private transient String key;

    public DeviceInput() {}

    /**
     * A reading; a missing metrics object reads as none (refused by the caller as a record without
     * content). Throws IllegalArgumentException, with the metric's name, for a value that is
     * neither a number nor a boolean: checked here rather than left to a cast, whose exception
     * the JVM may throw without a message once the code is compiled.
     */
    public static DeviceInput of(NormalizedReading n) {
        DeviceInput r = base(Kind.READING, n.community(), n.building(), n.deviceId(), n.ts(), n.seq(), n.ingestTs());
        Map<String, Object> metrics = n.metrics() == null ? Map.of() : n.metrics();
        r.metrics = new String[metrics.size()];
        r.values = new double[metrics.size()];
        int i = 0;
        for (Map.Entry<String, Object> e : metrics.entrySet()) {
            r.metrics[i] = e.getKey();
            // Booleans aggregate as 1/0: a pump's "running" share of a minute is its mean.
            if (e.getValue() instanceof Boolean b) {
                r.values[i] = b ? 1.0 : 0.0;
            } else if (e.getValue() instanceof Number v) {
                r.values[i] = v.doubleValue();
            } else {
                throw new IllegalArgumentException("metric '" + e.getKey() + "' is not a number or a boolean");
            }
            i++;
        }
        return r;
    }

    public static DeviceInput of(NormalizedEvent n) {
        DeviceInput r = base(Kind.EVENT, n.community(), n.building(), n.deviceId(), n.ts(), n.seq(), n.ingestTs());
        r.eventType = n.type();
        r.code = n.code();
        return r;
    }

    public static DeviceInput of(io.finegrid.model.request.NormalizedRequest n) {
        DeviceInput r = base(Kind.REQUEST, n.community(), n.building(), n.deviceId(), n.ts(), null, n.ingestTs());
        r.request = io.finegrid.jobs.service.RequestUpdate.of(n);
        return r;
    }

    public static DeviceInput of(NormalizedStatus n) {
        DeviceInput r = base(Kind.STATUS, n.community(), n.building(), n.deviceId(), n.ts(), null, n.ingestTs());
        r.online = n.online();
        r.batteryPct = n.batteryPct() == null ? Double.NaN : n.batteryPct();
        return r;
    }

    private static DeviceInput base(Kind k, String community, String building, String deviceId, long ts, Long seq,
                                    long ingestTs) {
        DeviceInput r = new DeviceInput();
        r.kind = k;
        r.community = community;
        r.building = building;
        r.deviceId = deviceId;
        r.ts = ts;
        r.seq = seq == null ? NO_SEQ : seq;
        r.ingestTs = ingestTs;
        return r;
    }

    public static DeviceInput undecodable(String topic, String raw, String error) {
        DeviceInput r = new DeviceInput();
        r.sourceTopic = topic;
        r.raw = raw;
        r.error = error;
        r.deviceId = "";
        r.community = "";
        return r;
    }

    /** Device ids are unique within a community only: per-device state is keyed by both. */
    public String deviceKey() {
        String k = key;
        if (k == null) {
            k = community + "|" + deviceId;
            key = k;
        }
        return k;
    }

    public boolean hasSeq() {
        return seq != NO_SEQ;
    }

    @Override
    public String toString() {
        return kind + " " + deviceKey() + "@" + ts + (hasSeq() ? "#" + seq : "");
    }
}
