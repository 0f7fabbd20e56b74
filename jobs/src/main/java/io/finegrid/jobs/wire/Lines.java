package io.finegrid.jobs.wire;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's type information for the line-protocol points on their way to the InfluxDB sink
 * ({@link LineSerializer}). Every stream that joins them must carry this type: Flink unions only
 * streams of equal types.
 */
public final class Lines extends OwnTypeInfo<String> {
    private static final long serialVersionUID = 1L;
    public static final Lines TYPE = new Lines();

    private Lines() {
        super(String.class);
    }

    @Override
    public TypeSerializer<String> createSerializer(SerializerConfig config) {
        return LineSerializer.INSTANCE;
    }
}
