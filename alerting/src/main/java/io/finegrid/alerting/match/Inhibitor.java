package io.finegrid.alerting.match;

import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.config.ResponsibilitiesConfig.Inhibition;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Inhibition rules of the responsibility list: an open alert matching a rule's source hides the
 * alerts matching its target that share the {@code equal} labels (a building's power failure
 * hides its devices' offline alerts). An alert never inhibits itself.
 */
public final class Inhibitor {
    private final List<Inhibition> rules;

    public Inhibitor(List<Inhibition> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The open alert that hides {@code t}, if any. */
    public Optional<AlertTransition> inhibiting(AlertTransition t, Collection<AlertTransition> open) {
        for (Inhibition rule : rules) {
            if (!Labels.matches(rule.target(), t)) {
                continue;
            }
            Map<String, String> labels = Labels.of(t);
            for (AlertTransition source : open) {
                if (source.state() == AlertState.RESOLVED || source.alertId().equals(t.alertId())
                        || !Labels.matches(rule.source(), source)) {
                    continue;
                }
                Map<String, String> sourceLabels = Labels.of(source);
                boolean same = rule.equal().stream().allMatch(l -> labels.get(l) != null
                        && Objects.equals(labels.get(l), sourceLabels.get(l)));
                if (same) {
                    return Optional.of(source);
                }
            }
        }
        return Optional.empty();
    }
}
