package io.finegrid.jobs.input;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's type information for {@link DeviceInput}: its own serializer ({@link DeviceInputSerializer}). */
public final class DeviceInputTypeInfo extends TypeInformation<DeviceInput> {
    private static final long serialVersionUID = 1L;

    /** Found by Flink through {@code @TypeInfo} on {@link DeviceInput}. */
    public static final class Factory extends TypeInfoFactory<DeviceInput> {
        @Override
        public TypeInformation<DeviceInput> createTypeInfo(Type t, Map<String, TypeInformation<?>> generics) {
            return new DeviceInputTypeInfo();
        }
    }

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
    public Class<DeviceInput> getTypeClass() {
        return DeviceInput.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<DeviceInput> createSerializer(SerializerConfig config) {
        return new DeviceInputSerializer();
    }

    @Override
    public String toString() {
        return "DeviceInput";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceInputTypeInfo;
    }

    @Override
    public int hashCode() {
        return DeviceInputTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object o) {
        return o instanceof DeviceInputTypeInfo;
    }
}
