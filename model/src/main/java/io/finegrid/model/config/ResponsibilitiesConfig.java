package io.finegrid.model.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code responsibilities.yaml}: recipients and who owns which category in which grid; optionally
 * (FineGrid's extension) how notifications are grouped and repeated ({@code notify}) and which
 * alerts silence others while they are open ({@code inhibit}).
 */
public record ResponsibilitiesConfig(List<Recipient> recipients, List<Assignment> assignments, Notify notifications,
                                     List<Inhibition> inhibit) {

    public ResponsibilitiesConfig(List<Recipient> recipients, List<Assignment> assignments) {
        this(recipients, assignments, Notify.DEFAULTS, List.of());
    }

    /** The labels an alert can be matched on (silences, inhibition). */
    public static final java.util.Set<String> LABELS =
            java.util.Set.of("rule", "severity", "category", "community", "grid", "building", "deviceId", "fingerprint");

    /**
     * {@code groupWait}: alerts for one recipient in one grid and category within this wait go out
     * as one message; {@code repeatInterval}: an alert nobody acknowledged is sent again this often.
     */
    public record Notify(Duration groupWait, Duration repeatInterval) {
        public static final Notify DEFAULTS = new Notify(Duration.ofSeconds(10), Duration.ofHours(1));
    }

    /**
     * While an alert matching {@code source} is open, alerts matching {@code target} with the same
     * values of the {@code equal} labels are not notified (a building's power failure hides the
     * offline alerts of its devices). Matchers are label = value.
     */
    public record Inhibition(java.util.Map<String, String> source, java.util.Map<String, String> target,
                             List<String> equal) {}

    public record Recipient(String id, String org, List<Channel> channels) {}

    public java.util.Optional<Recipient> recipient(String id) {
        return recipients.stream().filter(r -> r.id().equals(id)).findFirst();
    }

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
