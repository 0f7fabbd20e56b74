package io.finegrid.model.config;

import io.finegrid.model.alert.Severity;
import io.finegrid.model.device.EventType;
import java.time.Duration;
import java.util.List;

/** {@code rules.yaml}: the detection rules, one record per rule kind. */
public record RulesConfig(List<Rule> rules) {

    /** What every rule has. {@code deviceType} is {@code "*"} for all device types. */
    public sealed interface Rule {
        String id();

        String deviceType();

        Severity severity();

        String category();

        default boolean appliesTo(String type) {
            return "*".equals(deviceType()) || deviceType().equals(type);
        }
    }

    /**
     * Fires when {@code metric} has been above (or below) the threshold for {@code holdFor} of event
     * time; resolves when it crosses {@code clear} back (hysteresis: clear defaults to the threshold).
     */
    public record ThresholdRule(String id, String deviceType, Severity severity, String category, String metric,
                                Direction direction, double threshold, double clear, Duration holdFor) implements Rule {
        public enum Direction { ABOVE, BELOW }

        public boolean breaches(double v) {
            return direction == Direction.ABOVE ? v > threshold : v < threshold;
        }

        public boolean clears(double v) {
            return direction == Direction.ABOVE ? v <= clear : v >= clear;
        }
    }

    public record OfflineRule(String id, String deviceType, Severity severity, String category, int missed)
            implements Rule {}

    public record FlatlineRule(String id, String deviceType, Severity severity, String category, String metric,
                               Duration window) implements Rule {}

    public record RateRule(String id, String deviceType, Severity severity, String category, String metric,
                           double maxChangePerMinute) implements Rule {}

    public record EventRule(String id, String deviceType, Severity severity, String category, EventType eventType,
                            List<String> codes, EventType clearOn) implements Rule {}

    public record CompositeRule(String id, String deviceType, Severity severity, String category, Duration within,
                                String scope, List<Condition> all) implements Rule {
        /** One condition: an event of a type, or a metric above/below a level, on a device type. */
        public record Condition(String deviceType, EventType eventType, String metric, Double above, Double below) {}
    }
}
