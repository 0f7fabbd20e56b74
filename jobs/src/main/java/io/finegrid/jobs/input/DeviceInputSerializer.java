package io.finegrid.jobs.input;

import io.finegrid.jobs.service.RequestUpdate;
import io.finegrid.jobs.wire.SharedNames;
import io.finegrid.jobs.wire.Utf8;
import io.finegrid.model.device.EventType;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's serializer for {@link DeviceInput}, written out field by field. Every input crosses the
 * shuffle to the device rules once; the generic POJO serializer did that by reflection, boxing
 * each long and double and writing a null flag for each of a reading's many unused fields.
 * Strings travel as UTF-8 bytes ({@link Utf8}). Metric names, communities and buildings are few
 * and repeat in every reading, so one copy of each is kept (per serializer instance, so per
 * thread; up to a bound) and shared by the records read ({@link SharedNames}).
 */
public final class DeviceInputSerializer extends TypeSerializer<DeviceInput> {
    private static final long serialVersionUID = 1L;
    private static final DeviceInput.Kind[] KINDS = DeviceInput.Kind.values();
    private static final EventType[] EVENT_TYPES = EventType.values();

    private transient SharedNames names;
    private transient TypeSerializer<RequestUpdate> requests;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<DeviceInput> duplicate() {
        return new DeviceInputSerializer(); // holds per-thread caches
    }

    @Override
    public DeviceInput createInstance() {
        return new DeviceInput();
    }

    @Override
    public DeviceInput copy(DeviceInput from) {
        DeviceInput to = new DeviceInput();
        to.kind = from.kind;
        to.community = from.community;
        to.building = from.building;
        to.deviceId = from.deviceId;
        to.ts = from.ts;
        to.seq = from.seq;
        to.metrics = from.metrics == null ? null : from.metrics.clone();
        to.values = from.values == null ? null : from.values.clone();
        to.eventType = from.eventType;
        to.code = from.code;
        to.online = from.online;
        to.batteryPct = from.batteryPct;
        to.ingestTs = from.ingestTs;
        to.error = from.error;
        to.raw = from.raw;
        to.sourceTopic = from.sourceTopic;
        to.request = from.request == null ? null : requests().copy(from.request);
        return to;
    }

    @Override
    public DeviceInput copy(DeviceInput from, DeviceInput reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    /*
     * Fields a reading never has (event, status, request, dead-letter fields) follow a byte of
     * flags saying which of them are there: a reading writes and reads one byte for all of them
     * instead of eight fields, on both sides of the shuffle, for every reading.
     */
    private static final int EVENT_TYPE = 1;
    private static final int CODE = 1 << 1;
    private static final int ONLINE = 1 << 2;
    private static final int BATTERY = 1 << 3;
    private static final int ERROR = 1 << 4;
    private static final int RAW = 1 << 5;
    private static final int SOURCE_TOPIC = 1 << 6;
    private static final int REQUEST = 1 << 7;
    private static final long NO_BATTERY = Double.doubleToRawLongBits(Double.NaN);

    @Override
    public void serialize(DeviceInput r, DataOutputView out) throws IOException {
        out.writeByte(r.kind == null ? -1 : r.kind.ordinal());
        Utf8.write(r.community, out);
        Utf8.write(r.building, out);
        Utf8.write(r.deviceId, out);
        out.writeLong(r.ts);
        out.writeLong(r.seq);
        out.writeLong(r.ingestTs);
        if (r.metrics == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(r.metrics.length);
            for (String m : r.metrics) {
                Utf8.write(m, out);
            }
        }
        if (r.values == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(r.values.length);
            for (double v : r.values) {
                out.writeDouble(v);
            }
        }
        long battery = Double.doubleToRawLongBits(r.batteryPct);
        int flags = (r.eventType != null ? EVENT_TYPE : 0) | (r.code != null ? CODE : 0) | (r.online ? ONLINE : 0)
                | (battery != NO_BATTERY ? BATTERY : 0) | (r.error != null ? ERROR : 0) | (r.raw != null ? RAW : 0)
                | (r.sourceTopic != null ? SOURCE_TOPIC : 0) | (r.request != null ? REQUEST : 0);
        out.writeByte(flags);
        if (flags == 0) {
            return;
        }
        if ((flags & EVENT_TYPE) != 0) {
            out.writeByte(r.eventType.ordinal());
        }
        if ((flags & CODE) != 0) {
            Utf8.write(r.code, out);
        }
        if ((flags & BATTERY) != 0) {
            out.writeLong(battery);
        }
        if ((flags & ERROR) != 0) {
            Utf8.write(r.error, out);
        }
        if ((flags & RAW) != 0) {
            Utf8.write(r.raw, out);
        }
        if ((flags & SOURCE_TOPIC) != 0) {
            Utf8.write(r.sourceTopic, out);
        }
        if ((flags & REQUEST) != 0) {
            requests().serialize(r.request, out);
        }
    }

    @Override
    public DeviceInput deserialize(DataInputView in) throws IOException {
        DeviceInput r = new DeviceInput();
        byte kind = in.readByte();
        r.kind = kind < 0 ? null : KINDS[kind];
        SharedNames names = names();
        r.community = names.read(in);
        r.building = names.read(in);
        r.deviceId = Utf8.read(in);
        r.ts = in.readLong();
        r.seq = in.readLong();
        r.ingestTs = in.readLong();
        int n = in.readInt();
        if (n >= 0) {
            r.metrics = new String[n];
            for (int i = 0; i < n; i++) {
                r.metrics[i] = names.read(in);
            }
        }
        n = in.readInt();
        if (n >= 0) {
            r.values = new double[n];
            for (int i = 0; i < n; i++) {
                r.values[i] = in.readDouble();
            }
        }
        int flags = in.readUnsignedByte();
        if (flags == 0) {
            return r;
        }
        if ((flags & EVENT_TYPE) != 0) {
            r.eventType = EVENT_TYPES[in.readByte()];
        }
        if ((flags & CODE) != 0) {
            r.code = Utf8.read(in);
        }
        r.online = (flags & ONLINE) != 0;
        if ((flags & BATTERY) != 0) {
            r.batteryPct = Double.longBitsToDouble(in.readLong());
        }
        if ((flags & ERROR) != 0) {
            r.error = Utf8.read(in);
        }
        if ((flags & RAW) != 0) {
            r.raw = Utf8.read(in);
        }
        if ((flags & SOURCE_TOPIC) != 0) {
            r.sourceTopic = Utf8.read(in);
        }
        if ((flags & REQUEST) != 0) {
            r.request = requests().deserialize(in);
        }
        return r;
    }

    @Override
    public DeviceInput deserialize(DeviceInput reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    private SharedNames names() {
        if (names == null) {
            names = new SharedNames();
        }
        return names;
    }

    private TypeSerializer<RequestUpdate> requests() {
        if (requests == null) {
            requests = TypeInformation.of(RequestUpdate.class).createSerializer(new SerializerConfigImpl());
        }
        return requests;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceInputSerializer;
    }

    @Override
    public int hashCode() {
        return DeviceInputSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<DeviceInput> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Inputs only cross the wire: none is kept in state, and checkpoints are aligned (no in-flight
     * record is saved), so a changed format (strings became UTF-8 bytes) needs no migration. Were
     * inputs ever kept in state, a change to the format would need a new snapshot version.
     */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DeviceInput> {
        public Snapshot() {
            super(DeviceInputSerializer::new);
        }
    }
}
