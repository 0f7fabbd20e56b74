package io.finegrid.alerting.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.Severity;
import io.finegrid.model.alert.Silence;
import io.finegrid.model.config.ResponsibilitiesConfig.Inhibition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InhibitorTest {
    static AlertTransition t(String id, String rule, String building, AlertState state) {
        return new AlertTransition(id, rule + "|" + building, rule, state, Severity.MINOR, "cat", "c1", "G1", building,
                "d-" + id, null, null, null, 0, 0, 0, null, null);
    }

    final Inhibitor inhibitor = new Inhibitor(List.of(new Inhibition(Map.of("rule", "power-failure"),
            Map.of("rule", "device-offline"), List.of("building"))));

    @Test
    void anOpenSourceHidesTargetsWithTheSameEqualLabels() {
        List<AlertTransition> open = List.of(t("p", "power-failure", "B01", AlertState.ACKNOWLEDGED));
        assertTrue(inhibitor.inhibiting(t("o1", "device-offline", "B01", AlertState.FIRING), open).isPresent());
        assertTrue(inhibitor.inhibiting(t("o2", "device-offline", "B02", AlertState.FIRING), open).isEmpty());
        assertTrue(inhibitor.inhibiting(t("x", "pump-low", "B01", AlertState.FIRING), open).isEmpty(), "not a target");
        assertTrue(inhibitor.inhibiting(t("o1", "device-offline", "B01", AlertState.FIRING),
                List.of(t("p", "power-failure", "B01", AlertState.RESOLVED))).isEmpty(), "a resolved source hides nothing");
    }

    @Test
    void aSilenceMatchesEveryMatcherWithinItsWindowOnly() {
        Silences s = new Silences();
        s.put(new Silence("s1", Map.of("building", "B01", "rule", "device-offline"), 1_000, 2_000, "gm", null));
        AlertTransition offline = t("o1", "device-offline", "B01", AlertState.FIRING);
        assertTrue(s.silencing(offline, 1_500).isPresent());
        assertTrue(s.silencing(offline, 2_000).isEmpty(), "over at endsAt");
        assertTrue(s.silencing(offline, 999).isEmpty(), "not begun");
        assertTrue(s.silencing(t("o2", "device-offline", "B02", AlertState.FIRING), 1_500).isEmpty());
        assertEquals(1, s.current(1_500).size());
    }
}
