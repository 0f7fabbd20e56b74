package io.finegrid.jobs.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MinuteStatsTest {
    @Test
    void meanMinMaxLastCount() {
        MinuteStats s = new MinuteStats().add(1000, 0.4).add(3000, 0.2).add(2000, 0.6);
        assertEquals(3, s.count);
        assertEquals(0.4, s.mean(), 1e-12);
        assertEquals(0.2, s.min);
        assertEquals(0.6, s.max);
        assertEquals(0.2, s.last, "last is the value with the latest event time, not the last added");
    }

    @Test
    void mergeKeepsTheLatestLast() {
        MinuteStats a = new MinuteStats().add(1000, 1).add(5000, 5);
        MinuteStats b = new MinuteStats().add(3000, 3);
        a.merge(b);
        assertEquals(3, a.count);
        assertEquals(5, a.last);
        assertEquals(1, a.min);
        assertEquals(3, a.mean(), 1e-12);
    }

    @Test
    void pointIsStampedWithTheMinuteStartAndCarriesEveryTag() {
        Sample id = new Sample("c1", "G1", "B01", "wp-B01-1", "water_pump", "pressure_mpa", 0, 0);
        String line = TelemetryMinute.point(id, 1_764_072_000_000L, new MinuteStats().add(1_764_072_010_000L, 0.31));
        assertEquals("telemetry_1m,building=B01,community=c1,device=wp-B01-1,device_type=water_pump,grid=G1,"
                + "metric=pressure_mpa count=1i,last=0.31,max=0.31,mean=0.31,min=0.31 1764072000000", line);
        assertEquals(id.seriesKey(), Sample.ofSeriesKey(id.seriesKey()).seriesKey());
    }
}
