package io.finegrid.jobs.input;

import io.finegrid.jobs.wire.OwnTypeInfo;
import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Flink's type information for {@link DeviceInput}: its own serializer ({@link DeviceInputSerializer}). */
public final class DeviceInputTypeInfo extends OwnTypeInfo<DeviceInput> {
    private static final long serialVersionUID = 1L;

    /** Found by Flink through {@code @TypeInfo} on {@link DeviceInput}. */
    public static final class Factory extends TypeInfoFactory<DeviceInput> {
        @Override
        public TypeInformation<DeviceInput> createTypeInfo(Type t, Map<String, TypeInformation<?>> generics) {
            return new DeviceInputTypeInfo();
        }
    }

    public DeviceInputTypeInfo() {
        super(DeviceInput.class);
    }

    @Override
    public TypeSerializer<DeviceInput> createSerializer(SerializerConfig config) {
        return new DeviceInputSerializer();
    }

    @Override
    public String toString() {
        return "DeviceInput";
    }
}
