package io.finegrid.alerting.api;

/** Writes Prometheus text-format samples for {@code /metrics}. */
@FunctionalInterface
public interface MetricsSource {
    void write(StringBuilder out);
}
