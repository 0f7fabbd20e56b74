package io.finegrid.jobs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.finegrid.jobs.faults.LiveConfig;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.request.RequestStatus;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class RequestRulesTest {
    @Test
    void whenNothingMovesEventTimeAnOverdueClockIsDecidedByTheWallClockAtItsDueTime() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new RequestRules(ServiceSideIT.CONFIG),
                RequestUpdate::requestKey, Types.STRING, LiveConfig.DESCRIPTOR)) {
            h.processBroadcastWatermark(Long.MAX_VALUE);
            h.setProcessingTime(0);
            RequestUpdate opened = ServiceClocksTest.u(0, RequestStatus.OPENED, "water_supply");
            opened.community = "c1";
            h.processElement(new StreamRecord<>(opened, 0));
            h.processWatermark(0); // the opening is taken; then the whole community falls silent
            h.setProcessingTime(200_000);
            assertEquals(0, h.extractOutputValues().size(), "not due yet by the wall clock either");
            h.setProcessingTime(302_000);
            List<AlertTransition> out = h.extractOutputValues();
            assertEquals(1, out.size());
            assertEquals("sla-respond|R-1", out.get(0).fingerprint());
            assertEquals(AlertState.FIRING, out.get(0).state());
            assertEquals(300_000, out.get(0).updatedAt(), "stamped with the due time, as the watermark would");
            h.processWatermark(400_000); // event time comes back: no second transition
            assertEquals(1, h.extractOutputValues().size());
        }
    }
}
