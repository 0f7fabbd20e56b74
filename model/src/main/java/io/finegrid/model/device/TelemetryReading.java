package io.finegrid.model.device;

import java.util.Map;

/**
 * One reading as a device publishes it (CONTRACT §2). Metric values are {@link Double} or
 * {@link Boolean}; the codec guarantees that, and that numbers are finite.
 */
public record TelemetryReading(long ts, Long seq, Map<String, Object> metrics) {}
