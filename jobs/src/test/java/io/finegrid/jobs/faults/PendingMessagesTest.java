package io.finegrid.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PendingMessagesTest {
    @Test
    void keepsTimeOrderWhateverTheArrivalOrderAndMergesEqualTimes() {
        PendingMessages p = new PendingMessages();
        for (long t : new long[] {50, 10, 40, 20, 30, 60, 70, 5}) {
            p.add(t, false);
        }
        p.add(40, true); // a Last Will at the same time as a reading
        assertArrayEquals(new long[] {5, 10, 20, 30, 40, 50, 60, 70}, Arrays.copyOf(p.times, p.size));
        assertTrue(p.offline[4]);
        assertEquals(5, p.countUpTo(40));
        p.dropFirst(5);
        assertArrayEquals(new long[] {50, 60, 70}, Arrays.copyOf(p.times, p.size));
    }
}
