package io.finegrid.model.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfigUpdateTest {
    final ConfigTexts current = new ConfigTexts("""
            community: c1
            grids: [{id: G1, manager: gm}]
            buildings: [{id: B01, grid: G1}]
            devices: [{id: wp-1, type: water_pump, building: B01, interval: 10s}]
            """, """
            rules:
              - {id: offline, kind: offline, deviceType: "*", missed: 3, severity: minor, category: water_supply}
            """, """
            services: [{category: water_supply, respond: 30m, resolve: 4h}]
            """, """
            recipients: [{id: crew-w, org: utility-water}, {id: gm, org: committee}]
            assignments: [{grid: "*", category: "*", crew: crew-w}]
            """);

    ConfigUpdate send(String kind, String id, String yaml) {
        return ConfigUpdate.of(current, "c1", new ConfigDocument(kind, id, yaml, 1));
    }

    @Test
    void aValidDocumentReplacesItsOwnFileOnly() {
        String rules = "rules:\n  - {id: off, kind: offline, deviceType: \"*\", missed: 5, severity: minor, category: water_supply}\n";
        ConfigUpdate.Applied a = assertInstanceOf(ConfigUpdate.Applied.class, send("rules", "c1", rules));
        assertEquals(rules, a.texts().rules());
        assertEquals(current.community(), a.texts().community());
        assertEquals(current.services(), a.texts().services());
    }

    @Test
    void theSameTextAgainOrAnotherCommunitysDocumentChangesNothing() {
        assertInstanceOf(ConfigUpdate.Unchanged.class, send("rules", "c1", current.rules()));
        assertInstanceOf(ConfigUpdate.OtherCommunity.class, send("rules", "c2", "not even yaml: ["));
    }

    @Test
    void aDocumentThatWouldBreakTheWholeIsRefusedWithFileAndLine() {
        // Valid on its own, but leaves the rules' category without an owner in responsibilities.yaml.
        ConfigUpdate r = send("responsibilities", "c1", "recipients: [{id: gm, org: committee}]\nassignments: []\n");
        assertTrue(assertInstanceOf(ConfigUpdate.Rejected.class, r).detail().contains("responsibilities.yaml"),
                r.toString());
        ConfigUpdate moved = send("community", "c1", current.community().replace("community: c1", "community: c9"));
        assertTrue(assertInstanceOf(ConfigUpdate.Rejected.class, moved).detail().contains("keeps its community"));
        assertInstanceOf(ConfigUpdate.Rejected.class, send(null, "c1", "x"));
    }
}
