package io.finegrid.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.model.config.RulesConfig.OfflineRule;
import io.finegrid.model.config.RulesConfig.RateRule;
import io.finegrid.model.config.RulesConfig.ThresholdRule;
import io.finegrid.model.alert.Severity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RuleRetirementTest {
    static final ThresholdRule LOW = new ThresholdRule("low", "water_pump", Severity.MAJOR, "water_supply", "pressure_mpa",
            ThresholdRule.Direction.BELOW, 0.15, 0.18, Duration.ofSeconds(60));

    @Test
    void newLevelsDurationsAndSeveritiesKeepTheState() {
        ThresholdRule stricter = new ThresholdRule("low", "water_pump", Severity.CRITICAL, "water_supply", "pressure_mpa",
                ThresholdRule.Direction.BELOW, 0.12, 0.2, Duration.ofSeconds(10));
        assertTrue(RuleRetirement.keeps(LOW, stricter, "water_pump"));
        assertTrue(RuleRetirement.keeps(LOW, LOW, "water_pump"));
    }

    @Test
    void aRuleThatNowWatchesSomethingElseOrIsGoneIsRetired() {
        assertFalse(RuleRetirement.keeps(LOW, null, "water_pump"), "removed");
        assertFalse(RuleRetirement.keeps(LOW, new ThresholdRule("low", "water_pump", Severity.MAJOR, "water_supply",
                "flow_m3h", ThresholdRule.Direction.BELOW, 0.15, 0.18, Duration.ofSeconds(60)), "water_pump"), "metric");
        assertFalse(RuleRetirement.keeps(LOW, new ThresholdRule("low", "water_pump", Severity.MAJOR, "water_supply",
                "pressure_mpa", ThresholdRule.Direction.ABOVE, 0.15, 0.12, Duration.ofSeconds(60)), "water_pump"), "direction");
        assertFalse(RuleRetirement.keeps(LOW, new ThresholdRule("low", "booster_pump", Severity.MAJOR, "water_supply",
                "pressure_mpa", ThresholdRule.Direction.BELOW, 0.15, 0.18, Duration.ofSeconds(60)), "water_pump"),
                "no longer this device type");
        assertFalse(RuleRetirement.keeps(LOW, new RateRule("low", "water_pump", Severity.MAJOR, "water_supply",
                "pressure_mpa", 5), "water_pump"), "same id, another kind");
        assertTrue(RuleRetirement.keeps(new OfflineRule("off", "*", Severity.MINOR, "x", 3),
                new OfflineRule("off", "*", Severity.MINOR, "x", 5), "water_pump"));
    }
}
