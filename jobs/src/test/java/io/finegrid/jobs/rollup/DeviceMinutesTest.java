package io.finegrid.jobs.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceMinutesTest {
    static final Sample PUMP = new Sample("c1", "G1", "B01", "wp-1", "water_pump", "", 0, 0);

    static EnrichedReading reading(long ts, double pressure, double current) {
        return new EnrichedReading(PUMP, ts, new String[] {"pressure_mpa", "current_a"}, new double[] {pressure, current});
    }

    @Test
    void behavesLikeAOneMinuteTumblingEventTimeWindow() {
        DeviceMinutes m = new DeviceMinutes();
        assertEquals(59_999, m.add(reading(10_000, 0.3, 5), Long.MIN_VALUE), "a new minute: timer at its last ms");
        assertEquals(-1, m.add(reading(50_000, 0.5, 6), Long.MIN_VALUE));
        assertEquals(119_999, m.add(reading(70_000, 0.4, 7), 40_000));
        assertEquals(-1, m.add(reading(20_000, 0.1, 4), 59_998), "out of order, its minute still open");
        assertEquals(List.of(), m.closeUpTo(59_998));
        List<String> closed = m.closeUpTo(59_999);
        assertEquals(2, closed.size(), "one point per metric");
        String pressure = closed.stream().filter(p -> p.contains("metric=pressure_mpa")).findFirst().orElseThrow();
        assertTrue(pressure.contains("count=3i") && pressure.contains("min=0.1") && pressure.contains("last=0.5")
                && pressure.endsWith(" 0"), pressure);
        assertEquals(DeviceMinutes.LATE, m.add(reading(30_000, 0.2, 5), 59_999), "its minute closed: late");
        assertEquals(2, m.closeUpTo(Long.MAX_VALUE).size());
        assertTrue(m.isEmpty());
    }

    @Test
    void aDeviceMovedWithinAMinuteKeepsEachSeriesApart() {
        DeviceMinutes m = new DeviceMinutes();
        m.add(reading(1_000, 0.3, 5), Long.MIN_VALUE);
        Sample moved = new Sample("c1", "G2", "B07", "wp-1", "water_pump", "", 0, 0);
        m.add(new EnrichedReading(moved, 2_000, new String[] {"pressure_mpa"}, new double[] {0.4}), Long.MIN_VALUE);
        assertNotNull(m.tags, "two sets of tags open: one per slot");
        m.add(new EnrichedReading(moved, 61_000, new String[] {"pressure_mpa"}, new double[] {0.5}), Long.MIN_VALUE);
        List<String> points = m.closeUpTo(59_999);
        assertEquals(3, points.size());
        assertEquals(1, points.stream().filter(p -> p.contains("building=B07")).count());
        assertNull(m.tags, "the open slot's tags are shared again");
        assertSame(moved, m.tag);
        assertTrue(m.closeUpTo(Long.MAX_VALUE).get(0).contains("building=B07"));
        assertNull(m.tag, "nothing open, nothing kept");
    }

    /**
     * State saved before the slots' starts moved into {@code series} restores into the fields of
     * the earlier layout (Flink's POJO serializer keeps fields by name); the next reading or close
     * takes them over, and the minutes close with the figures they had.
     */
    @Test
    void minutesSavedInTheEarlierLayoutAreAdopted() throws Exception {
        Sample moved = new Sample("c1", "G2", "B07", "wp-1", "water_pump", "", 0, 0);
        DeviceMinutes saved = new DeviceMinutes();
        saved.series = null;
        saved.firstEnd = 0; // a field the earlier layout did not have
        saved.size = 3;
        saved.starts = new long[] {0, 0, 60_000, 0};
        saved.metrics = new String[] {"pressure_mpa", "current_a", "pressure_mpa", null};
        saved.tags = new Sample[] {PUMP, PUMP, moved, null};
        saved.stats = new double[] {
            2, 0.7, 0.3, 0.4, 0.4, 20_000, // count, sum, min, max, last, time of last
            2, 11, 5, 6, 5, 20_000,
            1, 0.5, 0.5, 0.5, 0.5, 61_000,
            0, 0, 0, 0, 0, 0};
        org.apache.flink.api.common.serialization.SerializerConfigImpl config =
                new org.apache.flink.api.common.serialization.SerializerConfigImpl();
        config.setGenericTypes(false);
        var serializer = org.apache.flink.api.common.typeinfo.Types.POJO(DeviceMinutes.class).createSerializer(config);
        var out = new org.apache.flink.core.memory.DataOutputSerializer(256);
        serializer.serialize(saved, out);
        DeviceMinutes m = serializer.deserialize(new org.apache.flink.core.memory.DataInputDeserializer(out.getCopyOfBuffer()));
        assertEquals(59_999, m.firstEnd());
        assertEquals(-1, m.add(reading(30_000, 0.1, 7), 10_000), "the saved minute is open");
        assertNull(m.starts);
        assertNull(m.stats);
        List<String> first = m.closeUpTo(59_999);
        assertEquals(2, first.size());
        assertTrue(first.get(0).contains("building=B01") && first.get(0).contains("count=3i")
                && first.get(0).contains("min=0.1") && first.get(0).contains("last=0.1"), first.get(0));
        assertTrue(first.get(1).contains("metric=current_a") && first.get(1).contains("max=7,"), first.get(1));
        List<String> second = m.closeUpTo(Long.MAX_VALUE);
        assertEquals(1, second.size());
        assertTrue(second.get(0).contains("building=B07") && second.get(0).contains("last=0.5")
                && second.get(0).endsWith(" 60000"), second.get(0));
    }

    @Test
    void manyOpenMinutesGrowTheSlotsAndEachSeriesKeepsItsFigures() {
        DeviceMinutes m = new DeviceMinutes();
        String[] metrics = {"pressure_mpa", "current_a", "flow_m3h"};
        for (long ts = 0; ts < 7 * 60_000; ts += 10_000) { // 7 minutes open at once, 21 series
            long minute = ts / 60_000;
            m.add(PUMP, ts, metrics, new double[] {minute, minute + 0.5, ts % 60_000 / 10_000}, Long.MIN_VALUE);
        }
        List<String> points = m.closeUpTo(Long.MAX_VALUE);
        assertEquals(21, points.size());
        for (long minute = 0; minute < 7; minute++) {
            String stamp = " " + minute * 60_000;
            String pressure = points.stream().filter(p -> p.endsWith(stamp) && p.contains("metric=pressure_mpa"))
                    .findFirst().orElseThrow();
            assertTrue(pressure.contains("count=6i") && pressure.contains("max=" + minute + ",")
                    && pressure.contains("min=" + minute), pressure);
            String flow = points.stream().filter(p -> p.endsWith(stamp) && p.contains("metric=flow_m3h"))
                    .findFirst().orElseThrow();
            assertTrue(flow.contains("min=0 ") && flow.contains("max=5,") && flow.contains("mean=2.5,")
                    && flow.contains("last=5,"), flow);
        }
        assertTrue(m.isEmpty());
    }
}
