package io.finegrid.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.finegrid.ingest.incident.OpenAlerts;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.Severity;
import io.finegrid.model.request.NormalizedRequest;
import io.finegrid.model.request.RequestStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAlertsTest {
    static AlertTransition alert(String id, String rule, String category, String building, String device, AlertState s) {
        return new AlertTransition(id, rule + "|" + device, rule, s, Severity.MAJOR, category, "c1", "G1", building, device,
                null, null, null, 0, 0, 0, null, null);
    }

    static NormalizedRequest report(String category, String building, String device, RequestStatus status) {
        return new NormalizedRequest("c1", 5, "R-1", status, category, building, device, "r-1", "app", null, null, null, 6);
    }

    @Test
    void aReportCarriesTheOpenAlertsOfItsBuildingItIsAbout() {
        OpenAlerts open = new OpenAlerts();
        open.apply(alert("a-pump", "pump-low", "water_supply", "B01", "wp-1", AlertState.FIRING));
        open.apply(alert("a-lift", "lift-trapped", "elevator_trapped", "B01", "elv-1", AlertState.ESCALATED));
        open.apply(alert("a-other", "pump-low", "water_supply", "B02", "wp-2", AlertState.FIRING));
        open.apply(alert("a-sla", "sla-respond", "water_supply", "B01", null, AlertState.FIRING));
        assertEquals(List.of("a-pump"), open.link(report("water_supply", "B01", null, RequestStatus.OPENED)).alertIds(),
                "same category, same building; not the SLA alert, not B02's pump");
        assertEquals(List.of("a-lift"), open.link(report("elevator_trapped", "B01", "elv-1", RequestStatus.OPENED))
                .alertIds());
        assertNull(open.link(report("water_supply", "B01", "wp-9", RequestStatus.OPENED)).alertIds(),
                "a report naming another device is not about this pump");
        assertNull(open.link(report("water_supply", "B01", null, RequestStatus.CLOSED)).alertIds());
        open.apply(alert("a-pump", "pump-low", "water_supply", "B01", "wp-1", AlertState.RESOLVED));
        assertNull(open.link(report("water_supply", "B01", null, RequestStatus.OPENED)).alertIds(), "resolved");
    }
}
