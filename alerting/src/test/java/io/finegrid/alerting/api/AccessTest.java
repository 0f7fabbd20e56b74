package io.finegrid.alerting.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.alerting.route.Routing;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.Assignee;
import io.finegrid.model.alert.Severity;
import io.finegrid.model.alert.Silence;
import io.finegrid.alerting.config.CurrentConfig;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.config.ResponsibilitiesConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessTest {
    static final CurrentConfig CONFIG = new CurrentConfig(new ConfigTexts("""
            community: c1
            grids: [{id: G1, manager: gm}, {id: G2, manager: gm2}]
            buildings: [{id: B01, grid: G1, residents: 1}, {id: B03, grid: G2, residents: 1}]
            devices: []
            """, "rules: []\n", "services: [{category: water_supply, name: W, respond: 1h, resolve: 2h}]\n", """
            recipients: [{id: crew, org: u}, {id: crew2, org: u}, {id: gm, org: c}, {id: gm2, org: c}]
            assignments:
              - {grid: "*", category: "*", crew: crew, escalate: [{after: 15m, to: gm}]}
              - {grid: G2, category: "*", crew: crew2}
            """));
    static final Tokens TOKENS = Tokens.of("root", List.of("# people", "t1 crew", "t2 gm", "t3 crew2"), CONFIG);

    static AlertTransition alert(String grid, AlertState state, int level, String assignee) {
        return new AlertTransition("a", "f", "r", state, Severity.MAJOR, "water_supply", "c1", grid, "B01", null, null,
                null, null, 0, 0, level, new Assignee("x", assignee), null);
    }

    @Test
    void tokensStandForAdminsManagersAndCrews() {
        assertEquals(Caller.Role.ADMIN, TOKENS.caller("Bearer root").orElseThrow().role());
        assertEquals(Caller.Role.CREW, TOKENS.caller("Bearer t1").orElseThrow().role());
        Caller gm = TOKENS.caller("Bearer t2").orElseThrow();
        assertEquals(Caller.Role.MANAGER, gm.role());
        assertEquals(java.util.Set.of("G1"), gm.grids());
        assertTrue(TOKENS.caller("Bearer nope").isEmpty());
        assertTrue(TOKENS.caller("t1").isEmpty(), "a bearer token only");
        assertThrows(IllegalArgumentException.class, () -> Tokens.of("root", List.of("t9 stranger"), CONFIG));
    }

    @Test
    void crewsActOnWhatTheyOwnOrWereHandedManagersOnTheirGrids() {
        Access a = new Access(CONFIG);
        Caller crew = TOKENS.caller("Bearer t1").orElseThrow();
        Caller crew2 = TOKENS.caller("Bearer t3").orElseThrow();
        Caller gm = TOKENS.caller("Bearer t2").orElseThrow();
        AlertTransition escalated = alert("G1", AlertState.ESCALATED, 1, "gm");
        assertTrue(a.sees(crew, escalated), "the owning crew still may act after escalation");
        assertFalse(a.sees(crew2, escalated));
        assertTrue(a.sees(gm, escalated));
        assertFalse(a.sees(gm, alert("G2", AlertState.FIRING, 0, "crew2")));
        assertTrue(a.maySilence(gm, new Silence("s", Map.of("building", "B01"), 0, 1, "gm", null)));
        assertFalse(a.maySilence(gm, new Silence("s", Map.of("building", "B03"), 0, 1, "gm", null)));
        assertFalse(a.maySilence(gm, new Silence("s", Map.of("rule", "x"), 0, 1, "gm", null)), "must stay in the grid");
        assertFalse(a.maySilence(crew, new Silence("s", Map.of("building", "B01"), 0, 1, "crew", null)));
    }

    @Test
    void routingReachesTheAssigneeAndTellsTheOwningCrewWhenAnEscalatedAlertIsOver() {
        Routing r = CONFIG.view().routing();
        assertEquals(List.of("crew"), ids(r.recipients(alert("G1", AlertState.FIRING, 0, "crew"))));
        assertEquals(List.of("gm"), ids(r.recipients(alert("G1", AlertState.ESCALATED, 1, "gm"))));
        assertEquals(List.of("gm", "crew"), ids(r.recipients(alert("G1", AlertState.ACKNOWLEDGED, 1, "gm"))));
        assertEquals(List.of("crew2"), ids(r.recipients(new AlertTransition("a", "f", "r", AlertState.FIRING,
                Severity.MAJOR, "water_supply", "c1", "G2", "B03", null, null, null, null, 0, 0, 0, null, null))),
                "no assignee on the transition: the owner by the responsibility list");
    }

    private static List<String> ids(List<ResponsibilitiesConfig.Recipient> rs) {
        return rs.stream().map(ResponsibilitiesConfig.Recipient::id).toList();
    }
}
