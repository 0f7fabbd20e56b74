package io.finegrid.jobs.faults;

import io.finegrid.jobs.registry.Registry;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.config.RulesConfig.CompositeRule;
import io.finegrid.model.config.RulesConfig.Rule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One configuration, parsed once: the registry and the rules sorted the way the operators use them
 * ({@code compositeDeviceTypes}: the device types any composite condition names, "*" for all).
 */
public record ActiveRules(ConfigTexts texts, Registry registry, DeviceRuleSet device, List<CompositeRule> composites,
                          Map<String, Rule> byId, Set<String> compositeDeviceTypes) {

    /** Parses {@code texts}; operators get theirs through {@link ParsedConfigs}, which parses each once per JVM. */
    static ActiveRules of(ConfigTexts texts) {
        Registry registry = new Registry(texts.parse());
        List<CompositeRule> composites = new ArrayList<>();
        Map<String, Rule> byId = new HashMap<>();
        Set<String> compositeTypes = new HashSet<>();
        for (Rule r : registry.config().rules().rules()) {
            byId.put(r.id(), r);
            if (r instanceof CompositeRule c) {
                composites.add(c);
                c.all().forEach(condition -> compositeTypes.add(condition.deviceType()));
            }
        }
        return new ActiveRules(texts, registry, DeviceRuleSet.of(registry.config().rules()), List.copyOf(composites),
                Map.copyOf(byId), Set.copyOf(compositeTypes));
    }

    public String community() {
        return registry.config().community().community();
    }

    public Rule rule(String id) {
        return byId.get(id);
    }
}
