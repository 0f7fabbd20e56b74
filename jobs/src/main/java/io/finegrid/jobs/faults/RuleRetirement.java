package io.finegrid.jobs.faults;

import io.finegrid.model.config.RulesConfig.CompositeRule;
import io.finegrid.model.config.RulesConfig.FlatlineRule;
import io.finegrid.model.config.RulesConfig.RateRule;
import io.finegrid.model.config.RulesConfig.Rule;
import io.finegrid.model.config.RulesConfig.ThresholdRule;
import java.util.Objects;

/**
 * What a configuration change means for the running state of one rule on one device (or
 * building). State built under the old rule goes on under the new one when the rule still
 * watches the same thing there; new levels, durations or severities then apply from the next
 * input. Otherwise the rule is retired there: its open alert resolves and its state is dropped.
 */
public final class RuleRetirement {
    private RuleRetirement() {}

    /**
     * Whether state built under {@code before} may go on under {@code after} (null: the rule was
     * removed) for a device of type {@code deviceType} (null for building-scoped rules).
     */
    public static boolean keeps(Rule before, Rule after, String deviceType) {
        if (before == null || after == null || before.getClass() != after.getClass()) {
            return false;
        }
        if (deviceType != null && !after.appliesTo(deviceType)) {
            return false;
        }
        // The state of a threshold means "past the level in this direction since": flipping the
        // direction or the metric makes it meaningless.
        if (after instanceof ThresholdRule a && before instanceof ThresholdRule b) {
            return a.metric().equals(b.metric()) && a.direction() == b.direction();
        }
        if (after instanceof RateRule a && before instanceof RateRule b) {
            return a.metric().equals(b.metric());
        }
        if (after instanceof FlatlineRule a && before instanceof FlatlineRule b) {
            return a.metric().equals(b.metric());
        }
        // Composite state is one clock per condition, by position.
        if (after instanceof CompositeRule a && before instanceof CompositeRule b) {
            return Objects.equals(a.all(), b.all());
        }
        return true;
    }

    /** The summary of the transition that closes an alert of a retired rule. */
    public static String summary(Rule before, Rule after) {
        return after == null ? "rule " + before.id() + " was removed"
                : "rule " + before.id() + " changed and no longer watches this";
    }
}
