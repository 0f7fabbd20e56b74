package io.finegrid.jobs.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.finegrid.model.config.ConfigTexts;
import org.junit.jupiter.api.Test;

class RegistryTest {
    private static final ConfigTexts CONFIG = new ConfigTexts("""
            community: c1
            grids: [{id: G1, manager: gm}, {id: G2, manager: gm}]
            buildings: [{id: B01, grid: G1}, {id: B02, grid: G1}, {id: B03, grid: G2}]
            devices:
              - {id: wp-1, type: water_pump, building: B01, interval: 10s}
              - {id: wp-2, type: water_pump, building: B03, interval: 10s}
              - {id: elv-1, type: elevator, building: B02, interval: 30s}
            """, """
            rules: []
            """, """
            services: [{category: water_supply, respond: 30m, resolve: 4h}]
            """, """
            recipients: [{id: crew-w, org: utility-water}, {id: gm, org: committee}]
            assignments: [{grid: "*", category: "*", crew: crew-w}]
            """);

    @Test
    void looksUpTypesGridsAndIntervals() {
        Registry r = new Registry(CONFIG.parse());
        assertEquals("water_pump", r.deviceType("wp-1"));
        assertEquals("elevator", r.deviceType("elv-1"));
        assertEquals(Registry.UNKNOWN, r.deviceType("nobody"));
        assertEquals("G1", r.grid("B02"));
        assertEquals(Registry.UNKNOWN, r.grid("B99"));
        assertEquals(java.time.Duration.ofSeconds(10), r.interval("wp-2"));
        assertEquals(2, r.deviceCount("G1"));
        assertEquals(1, r.deviceCount("G2"));
    }

    /** Every device of a type gets the same string (compared per reading: one copy stays in the cache, not one per device). */
    @Test
    void aNameIsOneStringForAllItsDevicesAndBuildings() {
        Registry r = new Registry(CONFIG.parse());
        assertSame(r.deviceType("wp-1"), r.deviceType("wp-2"));
        assertSame(r.grid("B01"), r.grid("B02"));
    }
}
