package io.finegrid.platform.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuShareTest {
    @Test
    void aShareOfOneCoreIsCpuTimePerEventAtTheRate() {
        // 92.6% of a core at 592,427 events/s: 0.926 s of CPU a second over that many events.
        assertEquals(1.563, CpuShare.microsPerEvent(92.6, 592_427), 0.001);
        assertEquals(1.0, CpuShare.microsPerEvent(100, 1_000_000), 1e-12);
        assertTrue(Double.isNaN(CpuShare.microsPerEvent(50, 0)), "no events measured: no cost per event");
    }

    @Test
    void everyLineShowsItsCostPerEventAndTheTotalLineTheSum() {
        Map<String, Double> shares = new LinkedHashMap<>();
        shares.put("device-rules -> Map", 92.6);
        shares.put("Source: device-inputs", 49.3);
        shares.put("OutputFlusher", 0.4); // under one percent: counted in the total, not listed
        String text = CpuShare.format(shares, 592_427);
        assertTrue(text.contains("CPU in the measured window: 142% of one core"), text);
        assertTrue(text.contains("2.40 us an event"), text);
        assertTrue(text.contains(" 92.6%   1.56 us/event  device-rules -> Map"), text);
        assertTrue(text.contains(" 49.3%   0.83 us/event  Source: device-inputs"), text);
        assertFalse(text.contains("OutputFlusher"), text);
    }
}
