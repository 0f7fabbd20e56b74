package io.finegrid.model.config;

import java.time.Duration;
import java.util.List;

/** {@code responsibilities.yaml}: recipients and who owns which category in which grid. */
public record ResponsibilitiesConfig(List<Recipient> recipients, List<Assignment> assignments) {

    public record Recipient(String id, String org, List<Channel> channels) {}

    public sealed interface Channel {
        record Webhook(String url) implements Channel {}

        record MqttPush(String topic) implements Channel {}

        record Email(String address) implements Channel {}
    }

    /** {@code grid} and {@code category} may be {@code "*"}; the most specific assignment wins. */
    public record Assignment(String grid, String category, String crew, List<Escalation> escalate) {
        int specificity() {
            return ("*".equals(grid) ? 0 : 2) + ("*".equals(category) ? 0 : 1);
        }

        boolean matches(String g, String c) {
            return ("*".equals(grid) || grid.equals(g)) && ("*".equals(category) || category.equals(c));
        }
    }

    public record Escalation(Duration after, String to) {}

    /** The assignment that owns {@code category} in {@code grid}, if any. */
    public java.util.Optional<Assignment> ownerOf(String grid, String category) {
        return assignments.stream().filter(a -> a.matches(grid, category))
                .max(java.util.Comparator.comparingInt(Assignment::specificity));
    }
}
