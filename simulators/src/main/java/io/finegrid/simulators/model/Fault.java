package io.finegrid.simulators.model;

import java.util.Map;

/**
 * A fault injected into one device's metric between two offsets from the start of a run: the
 * metric reads {@code value} instead of its normal behaviour. (Scenario files come with the
 * simulator issue; the demo uses a fixed list.)
 */
public record Fault(String deviceId, String metric, double value, long fromMs, long untilMs) {
    public boolean active(long sinceStartMs) {
        return sinceStartMs >= fromMs && sinceStartMs < untilMs;
    }

    public void apply(String device, long sinceStartMs, Map<String, Object> metrics) {
        if (device.equals(deviceId) && active(sinceStartMs) && metrics.containsKey(metric)) {
            metrics.put(metric, value);
        }
    }
}
