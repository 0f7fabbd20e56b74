package io.finegrid.model.topic;

import io.finegrid.model.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka topic paired with its value type, its key and its serde. Keys are UTF-8 strings,
 * values compact JSON.
 */
public final class Topic<V> {
    private final String name;
    private final Class<V> type;
    private final Function<V, String> key;
    private final boolean compacted;

    Topic(String name, Class<V> type, Function<V, String> key, boolean compacted) {
        this.name = name;
        this.type = type;
        this.key = key;
        this.compacted = compacted;
    }

    public String name() {
        return name;
    }

    public Class<V> type() {
        return type;
    }

    public boolean compacted() {
        return compacted;
    }

    public String keyOf(V value) {
        return key.apply(value);
    }

    public byte[] keyBytes(V value) {
        return keyOf(value).getBytes(StandardCharsets.UTF_8);
    }

    public byte[] serialize(V value) {
        return Json.write(value);
    }

    public V deserialize(byte[] bytes) {
        return Json.read(bytes, type);
    }

    public Serializer<V> valueSerializer() {
        return (topic, v) -> v == null ? null : serialize(v);
    }

    public Deserializer<V> valueDeserializer() {
        return (topic, bytes) -> bytes == null ? null : deserialize(bytes);
    }

    @Override
    public String toString() {
        return name;
    }
}
