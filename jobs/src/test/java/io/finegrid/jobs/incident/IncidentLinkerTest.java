package io.finegrid.jobs.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.finegrid.jobs.lifecycle.AlertSignal;
import io.finegrid.jobs.service.RequestUpdate;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.Severity;
import io.finegrid.model.request.RequestStatus;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class IncidentLinkerTest {
    static AlertTransition lift(AlertState state, long at) {
        return new AlertTransition("a-lift", "lift-trapped|elv-1", "lift-trapped", state, Severity.CRITICAL,
                "elevator_trapped", "c1", "G1", "B01", "elv-1", null, "trapped", null, 1_000, at, 0, null, null);
    }

    static RequestUpdate report(String id, RequestStatus status, long ts) {
        RequestUpdate u = new RequestUpdate();
        u.community = "c1";
        u.requestId = id;
        u.ts = ts;
        u.status = status;
        u.category = "elevator_trapped";
        u.building = "B01";
        return u;
    }

    @Test
    void reportsBeforeAndDuringAnAlertJoinItsIncidentAndTheBuildingIsForgottenAfter() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new IncidentLinker(),
                IncidentLinker::alertKey, IncidentLinker::requestKey, Types.STRING)) {
            h.processElement2(new StreamRecord<>(report("R-1", RequestStatus.OPENED, 500), 500));
            h.processElement1(new StreamRecord<>(lift(AlertState.FIRING, 1_000), 1_000));
            h.processElement2(new StreamRecord<>(report("R-2", RequestStatus.OPENED, 2_000), 2_000));
            h.processElement1(new StreamRecord<>(lift(AlertState.RESOLVED, 3_000), 3_000));
            List<AlertSignal> out = h.extractOutputValues();
            assertEquals(3, out.size());
            assertEquals(List.of("R-1"), out.get(0).transition.requestIds(), "raised after the report: carries it");
            assertEquals(AlertSignal.Kind.LINK, out.get(1).kind);
            assertEquals("a-lift", out.get(1).alertId);
            assertEquals("R-2", out.get(1).requestId);
            assertEquals(AlertState.RESOLVED, out.get(2).transition.state());
            h.processElement2(new StreamRecord<>(report("R-1", RequestStatus.CLOSED, 4_000), 4_000));
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(2_000 + BuildingIncidents.LINK_FOR_MS));
            assertEquals(0, io.finegrid.jobs.faults.HarnessState.keyedEntries(h), "nothing kept once all is over");
        }
    }
}
