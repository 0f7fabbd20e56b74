package io.finegrid.alerting.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.Severity;
import java.util.List;
import org.junit.jupiter.api.Test;

class GrouperTest {
    static AlertTransition t(String id, String grid, String category) {
        return new AlertTransition(id, id, "r", AlertState.FIRING, Severity.MINOR, category, "c1", grid, "B01", null, null,
                null, null, 0, 0, 0, null, null);
    }

    static final Target CREW_HOOK = new Target("crew", "webhook", "http://x/hook");

    @Test
    void transitionsForOneTargetGridAndCategoryWithinTheWaitGoOutTogether() {
        Grouper<Integer> g = new Grouper<>(1_000);
        g.add(CREW_HOOK, t("a", "G1", "water"), 1, 0);
        g.add(CREW_HOOK, t("b", "G1", "water"), 2, 900);
        g.add(CREW_HOOK, t("c", "G1", "power"), 3, 100);
        g.add(CREW_HOOK, t("d", "G2", "water"), 4, 100);
        g.add(new Target("crew", "email", "crew@x"), t("a", "G1", "water"), 5, 0);
        assertEquals(List.of(), g.due(999));
        List<Grouper.Group<Integer>> due = g.due(1_000);
        assertEquals(2, due.size(), "the water group of G1 on both channels");
        assertEquals(List.of("a", "b"), due.get(0).alerts().stream().map(AlertTransition::alertId).toList());
        assertEquals(List.of(1, 2), due.get(0).receipts());
        assertEquals(2, g.due(1_100).size());
        assertEquals(0, g.openGroups());
    }
}
