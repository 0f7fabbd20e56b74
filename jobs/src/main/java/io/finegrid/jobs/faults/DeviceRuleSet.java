package io.finegrid.jobs.faults;

import io.finegrid.model.config.RulesConfig;
import io.finegrid.model.config.RulesConfig.EventRule;
import io.finegrid.model.config.RulesConfig.FlatlineRule;
import io.finegrid.model.config.RulesConfig.OfflineRule;
import io.finegrid.model.config.RulesConfig.RateRule;
import io.finegrid.model.config.RulesConfig.Rule;
import io.finegrid.model.config.RulesConfig.ThresholdRule;
import java.util.ArrayList;
import java.util.List;

/** The per-device rules of a rule set, sorted by kind once so the hot path does not test types. */
public record DeviceRuleSet(List<ThresholdRule> thresholds, List<RateRule> rates, List<FlatlineRule> flatlines,
                            List<EventRule> events, List<OfflineRule> offlines) {

    public static DeviceRuleSet of(RulesConfig config) {
        List<ThresholdRule> t = new ArrayList<>();
        List<RateRule> r = new ArrayList<>();
        List<FlatlineRule> f = new ArrayList<>();
        List<EventRule> e = new ArrayList<>();
        List<OfflineRule> o = new ArrayList<>();
        for (Rule rule : config.rules()) {
            if (rule instanceof ThresholdRule x) {
                t.add(x);
            } else if (rule instanceof RateRule x) {
                r.add(x);
            } else if (rule instanceof FlatlineRule x) {
                f.add(x);
            } else if (rule instanceof EventRule x) {
                e.add(x);
            } else if (rule instanceof OfflineRule x) {
                o.add(x);
            }
        }
        return new DeviceRuleSet(List.copyOf(t), List.copyOf(r), List.copyOf(f), List.copyOf(e), List.copyOf(o));
    }
}
