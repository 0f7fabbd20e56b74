package io.finegrid.jmh.pair;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * The device key for both builds' harnesses. Flink's test harness deserializes its key selector
 * with the application's class loader, which cannot see a build's own classes; so this one is
 * loaded there (never by a {@link BuildLoader}) and hands each record to the key function its
 * build registered for the record's class.
 */
public final class SharedKey implements KeySelector<Object, String> {
    private static final long serialVersionUID = 1L;
    private static final Map<Class<?>, Function<Object, String>> BY_CLASS = new ConcurrentHashMap<>();
    private transient Class<?> last;
    private transient Function<Object, String> key;

    /** Registers how a build's input class gives its key. */
    public static void register(Class<?> input, Function<Object, String> key) {
        BY_CLASS.put(input, key);
    }

    @Override
    public String getKey(Object value) {
        if (value.getClass() != last) {
            last = value.getClass();
            key = BY_CLASS.get(last);
        }
        return key.apply(value);
    }
}
