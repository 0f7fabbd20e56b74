package io.finegrid.jobs.wire;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's type information for the line-protocol points on their way to the InfluxDB sink
 * ({@link LineSerializer}). Every stream that joins them must carry this type: Flink unions only
 * streams of equal types.
 */
public final class Lines extends TypeInformation<String> {
    private static final long serialVersionUID = 1L;
    public static final Lines TYPE = new Lines();

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<String> getTypeClass() {
        return String.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<String> createSerializer(SerializerConfig config) {
        return LineSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "Line";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Lines;
    }

    @Override
    public int hashCode() {
        return Lines.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof Lines;
    }
}
