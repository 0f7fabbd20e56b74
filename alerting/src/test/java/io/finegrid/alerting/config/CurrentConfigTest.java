package io.finegrid.alerting.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.alerting.api.Caller;
import io.finegrid.alerting.api.Tokens;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.Severity;
import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.config.ConfigUpdate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CurrentConfigTest {
    static final String COMMUNITY = """
            community: c1
            grids: [{id: G1, manager: gm}, {id: G2, manager: gm}]
            buildings: [{id: B01, grid: G1}, {id: B02, grid: G2}]
            devices: []
            """;
    static final String RESPONSIBILITIES = """
            recipients: [{id: crew, org: u}, {id: crew2, org: u}, {id: gm, org: c}]
            assignments: [{grid: "*", category: "*", crew: crew}]
            notify: {groupWait: 30s, repeatInterval: 4h}
            """;

    final CurrentConfig config = new CurrentConfig(new ConfigTexts(COMMUNITY, "rules: []\n",
            "services: [{category: water_supply, name: W, respond: 1h, resolve: 2h}]\n", RESPONSIBILITIES));
    final Tokens tokens = Tokens.of("root", List.of("t1 crew", "t2 crew2", "t3 gm"), config);

    static AlertTransition pumpAlarm(String grid) {
        return new AlertTransition("a", "f", "r", AlertState.FIRING, Severity.MAJOR, "water_supply", "c1", grid, "B01",
                null, null, null, null, 0, 0, 0, null, null);
    }

    ConfigUpdate send(String kind, String yaml) {
        return config.apply(new ConfigDocument(kind, "c1", yaml, 1));
    }

    @Test
    void aNewResponsibilityListChangesOwnersAndNotificationSettingsAtOnce() {
        assertEquals(Optional.of("crew"), config.view().routing().owner(pumpAlarm("G2")));
        assertInstanceOf(ConfigUpdate.Applied.class, send("responsibilities", RESPONSIBILITIES
                .replace("assignments: [", "assignments: [{grid: G2, category: water_supply, crew: crew2}, ")
                .replace("groupWait: 30s", "groupWait: 5s")));
        assertEquals(Optional.of("crew2"), config.view().routing().owner(pumpAlarm("G2")));
        assertEquals(Optional.of("crew"), config.view().routing().owner(pumpAlarm("G1")));
        assertEquals(5_000, config.view().notifications().groupWait().toMillis());
    }

    @Test
    void aBrokenDocumentAnotherCommunitysOrTheSameTextAgainLeavesTheViewAsItWas() {
        CurrentConfig.View before = config.view();
        ConfigUpdate broken = send("responsibilities", RESPONSIBILITIES.replace("crew: crew}", "crew: nobody}"));
        assertTrue(assertInstanceOf(ConfigUpdate.Rejected.class, broken).detail().contains("nobody"), broken.toString());
        assertInstanceOf(ConfigUpdate.OtherCommunity.class,
                config.apply(new ConfigDocument("responsibilities", "c2", "recipients: []\n", 1)));
        assertInstanceOf(ConfigUpdate.Unchanged.class, send("responsibilities", RESPONSIBILITIES));
        assertSame(before, config.view());
    }

    @Test
    void tokensStandForWhatTheRecipientIsNowNotWhatItWasAtStart() {
        assertEquals(Caller.Role.CREW, tokens.caller("Bearer t1").orElseThrow().role());
        assertEquals(Set.of("G1", "G2"), tokens.caller("Bearer t3").orElseThrow().grids());
        // crew takes over G2 from gm; crew2 leaves the list.
        assertInstanceOf(ConfigUpdate.Applied.class, send("community",
                COMMUNITY.replace("{id: G2, manager: gm}", "{id: G2, manager: crew}")));
        assertInstanceOf(ConfigUpdate.Applied.class, send("responsibilities",
                RESPONSIBILITIES.replace("{id: crew2, org: u}, ", "")));
        Caller crew = tokens.caller("Bearer t1").orElseThrow();
        assertEquals(Caller.Role.MANAGER, crew.role());
        assertEquals(Set.of("G2"), crew.grids());
        assertEquals(Set.of("G1"), tokens.caller("Bearer t3").orElseThrow().grids());
        assertTrue(tokens.caller("Bearer t2").isEmpty(), "a recipient the list no longer names has no standing");
        assertEquals(Caller.Role.ADMIN, tokens.caller("Bearer root").orElseThrow().role());
    }

    @Test
    void aRecipientCalledAdminIsACrewNotThePlatform() {
        CurrentConfig withAdmin = new CurrentConfig(new ConfigTexts(COMMUNITY, "rules: []\n",
                "services: [{category: water_supply, name: W, respond: 1h, resolve: 2h}]\n",
                RESPONSIBILITIES.replace("{id: gm, org: c}", "{id: gm, org: c}, {id: admin, org: c}")));
        Tokens t = Tokens.of("root", List.of("t4 admin"), withAdmin);
        assertEquals(Caller.Role.CREW, t.caller("Bearer t4").orElseThrow().role());
        assertEquals(Caller.Role.ADMIN, t.caller("Bearer root").orElseThrow().role());
    }
}
