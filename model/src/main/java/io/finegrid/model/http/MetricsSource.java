package io.finegrid.model.http;

/** Writes Prometheus text-format samples for {@code /metrics}. */
@FunctionalInterface
public interface MetricsSource {
    void write(StringBuilder out);
}
