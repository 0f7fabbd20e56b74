package io.finegrid.jobs.wire;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Line-protocol points (and any other string) between operators as UTF-8 bytes ({@link Utf8}):
 * a reading makes a third of a point on its way to InfluxDB, and Flink's string serializer
 * moved each of its hundred-odd characters one at a time, on both sides of the wire.
 */
public final class LineSerializer extends TypeSerializerSingleton<String> {
    private static final long serialVersionUID = 1L;
    public static final LineSerializer INSTANCE = new LineSerializer();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public String createInstance() {
        return "";
    }

    @Override
    public String copy(String from) {
        return from;
    }

    @Override
    public String copy(String from, String reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(String record, DataOutputView target) throws IOException {
        Utf8.write(record, target);
    }

    @Override
    public String deserialize(DataInputView source) throws IOException {
        return Utf8.read(source);
    }

    @Override
    public String deserialize(String reuse, DataInputView source) throws IOException {
        return Utf8.read(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        Utf8.copy(source, target);
    }

    @Override
    public TypeSerializerSnapshot<String> snapshotConfiguration() {
        return new Snapshot();
    }

    /** One format so far. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<String> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
