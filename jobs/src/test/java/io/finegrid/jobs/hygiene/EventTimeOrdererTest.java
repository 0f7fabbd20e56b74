package io.finegrid.jobs.hygiene;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.finegrid.jobs.reading.Reading;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class EventTimeOrdererTest {
    static Reading reading(long ts, long seq) {
        Reading r = new Reading();
        r.community = "c1";
        r.building = "B01";
        r.deviceId = "d1";
        r.ts = ts;
        r.seq = seq;
        r.metrics = new String[] {"m"};
        r.values = new double[] {ts};
        return r;
    }

    @Test
    void emitsInEventTimeOrderDropsDuplicatesRoutesLateAndLeavesNoState() throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading>(
                new KeyedProcessOperator<>(new EventTimeOrderer(60_000)), Reading::deviceKey, Types.STRING)) {
            h.open();
            h.processElement(new StreamRecord<>(reading(3000, 3), 3000));
            h.processElement(new StreamRecord<>(reading(1000, 1), 1000));
            h.processElement(new StreamRecord<>(reading(2000, 2), 2000));
            h.processElement(new StreamRecord<>(reading(1000, 1), 1000)); // redelivery
            h.processWatermark(2500);
            assertEquals(List.of(1000L, 2000L), emitted(h));
            h.processElement(new StreamRecord<>(reading(2400, 9), 2400)); // behind the watermark
            assertEquals(1, h.getSideOutput(EventTimeOrderer.LATE).size());
            h.processWatermark(10_000);
            assertEquals(List.of(1000L, 2000L, 3000L), emitted(h));
            // Remembered seqs expire once event time is past the horizon: then nothing is left.
            h.processWatermark(200_000);
            assertEquals(0, h.numEventTimeTimers());
            assertEquals(0, h.numKeyedStateEntries());
        }
    }

    private static List<Long> emitted(KeyedOneInputStreamOperatorTestHarness<String, Reading, Reading> h) {
        return h.extractOutputValues().stream().map(r -> r.ts).collect(Collectors.toList());
    }
}
