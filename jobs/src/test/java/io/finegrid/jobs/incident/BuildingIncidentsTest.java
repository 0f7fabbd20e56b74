package io.finegrid.jobs.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BuildingIncidentsTest {
    @Test
    void aReportWithoutADeviceIsAboutTheOpenAlertsOfItsCategoryInTheBuilding() {
        BuildingIncidents b = new BuildingIncidents();
        assertNull(b.raised("a-lift", "elevator_trapped", "elv-1", 1_000));
        assertNull(b.raised("a-pump", "water_supply", "wp-1", 1_000));
        assertEquals(List.of("a-lift"), b.reported("R-1", "elevator_trapped", null, 2_000));
        assertEquals(List.of(), b.reported("R-2", "fire_safety", null, 2_000));
    }

    @Test
    void aReportNamingADeviceIsAboutThatDeviceOnlyButAlsoAboutACompositeOfItsCategory() {
        BuildingIncidents b = new BuildingIncidents();
        b.raised("a-lift-1", "elevator_trapped", "elv-1", 1_000);
        b.raised("a-lift-2", "elevator_trapped", "elv-2", 1_000);
        b.raised("a-fire", "fire_safety", null, 1_000);
        assertEquals(List.of("a-lift-2"), b.reported("R-1", "elevator_trapped", "elv-2", 2_000));
        assertEquals(List.of("a-fire"), b.reported("R-2", "fire_safety", "sd-3", 2_000));
    }

    @Test
    void anAlertRaisedAfterReportsCarriesThemWhileTheyAreOpenAndLessThanADayOld() {
        BuildingIncidents b = new BuildingIncidents();
        b.reported("R-old", "water_supply", null, 0);
        b.reported("R-1", "water_supply", null, BuildingIncidents.LINK_FOR_MS);
        b.reported("R-done", "water_supply", null, BuildingIncidents.LINK_FOR_MS);
        b.finished("R-done");
        b.reported("R-other", "power_supply", null, BuildingIncidents.LINK_FOR_MS);
        assertEquals(List.of("R-1"), b.raised("a-1", "water_supply", "wp-1", BuildingIncidents.LINK_FOR_MS + 1));
    }

    @Test
    void clearedAlertsAndExpiredReportsAreForgotten() {
        BuildingIncidents b = new BuildingIncidents();
        b.raised("a-1", "water_supply", "wp-1", 1_000);
        b.reported("R-1", "water_supply", null, 2_000);
        b.cleared("a-1");
        assertEquals(List.of(), b.reported("R-1", "water_supply", null, 3_000), "nothing open to link");
        b.expire(2_000 + BuildingIncidents.LINK_FOR_MS);
        assertTrue(b.isEmpty());
    }

    @Test
    void aLaterUpdateWithoutCategoryKeepsWhatTheReportSaid() {
        BuildingIncidents b = new BuildingIncidents();
        b.reported("R-1", "water_supply", null, 2_000);
        b.reported("R-1", null, null, 5_000);
        assertEquals(List.of("R-1"), b.raised("a-1", "water_supply", "wp-1", 6_000));
        assertEquals(2_000, b.reports.get("R-1").ts, "linkable for a day from the report, not from its updates");
    }
}
