package io.finegrid.jobs.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TelemetryMinuteTest {
    private static String num(double d) {
        StringBuilder b = new StringBuilder();
        TelemetryMinute.num(b, d);
        return b.toString();
    }

    @Test
    void sensorLikeValuesAreWrittenAsJavaWritesThem() {
        Random r = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            int decimals = r.nextInt(7);
            double d = Math.round((r.nextDouble() - 0.3) * 2_000 * Math.pow(10, decimals)) / Math.pow(10, decimals);
            String expected = d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
            assertEquals(expected, num(d), "value " + d);
        }
        assertEquals("0.43", num(0.43));
        assertEquals("-0.5", num(-0.5));
        assertEquals("1.005", num(1.005));
        assertEquals("12", num(12.0));
    }

    @Test
    void everyValueReadsBackExactly() {
        Random r = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            double d = switch (i % 4) {
                case 0 -> r.nextDouble();
                case 1 -> (r.nextDouble() - 0.5) * 1e9;
                case 2 -> r.nextDouble() / 1e4; // below the plain range
                default -> Double.longBitsToDouble(r.nextLong() & 0x7FEFFFFFFFFFFFFFL); // any finite positive
            };
            assertEquals(d, Double.parseDouble(num(d)), "value " + d);
        }
        assertEquals(1.0 / 3, Double.parseDouble(num(1.0 / 3)));
        assertEquals(Double.toString(1.0 / 3), num(1.0 / 3), "no short form: Java's digits");
    }
}
