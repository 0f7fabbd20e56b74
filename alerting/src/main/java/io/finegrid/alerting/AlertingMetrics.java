package io.finegrid.alerting;

import io.finegrid.model.http.MetricsSource;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** The alerting service's counters and gauges, in Prometheus text format for {@code /metrics}. */
public final class AlertingMetrics implements MetricsSource {
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();

    /** Adds one to {@code name} with the given labels ({@code k1, v1, k2, v2, ...}). */
    public void inc(String name, String... labels) {
        counters.computeIfAbsent(series(name, labels), k -> new LongAdder()).increment();
    }

    public long get(String name, String... labels) {
        LongAdder a = counters.get(series(name, labels));
        return a == null ? 0 : a.sum();
    }

    public void gauge(String name, LongSupplier value) {
        gauges.put(name, value);
    }

    private static String series(String name, String... labels) {
        if (labels.length == 0) {
            return name;
        }
        StringBuilder s = new StringBuilder(name).append('{');
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (i > 0) {
                s.append(',');
            }
            s.append(labels[i]).append("=\"").append(labels[i + 1].replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return s.append('}').toString();
    }

    @Override
    public void write(StringBuilder out) {
        Map<String, Long> sorted = new TreeMap<>();
        counters.forEach((k, v) -> sorted.put(k, v.sum()));
        String lastName = null;
        for (Map.Entry<String, Long> e : sorted.entrySet()) {
            String name = e.getKey().contains("{") ? e.getKey().substring(0, e.getKey().indexOf('{')) : e.getKey();
            if (!name.equals(lastName)) {
                out.append("# TYPE ").append(name).append(" counter\n");
                lastName = name;
            }
            out.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        new TreeMap<>(gauges).forEach((name, g) -> out.append("# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(g.getAsLong()).append('\n'));
    }
}
