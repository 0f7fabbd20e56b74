package io.finegrid.jobs.faults;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
        assertTrue(p.goingOffline(4));
        for (int i = 0; i < p.size; i++) {
            assertEquals(i == 4, p.goingOffline(i), "flag of message " + i);
        }
        assertEquals(5, p.countUpTo(40));
        p.dropFirst(5);
        assertArrayEquals(new long[] {50, 60, 70}, Arrays.copyOf(p.times, p.size));
    }

    @Test
    void flagsAreKeptOnlyWhileAGoingOfflineMessageIsPendingAndFollowEveryInsertion() {
        PendingMessages p = new PendingMessages();
        p.add(10, false);
        p.add(30, false);
        assertNull(p.offline, "no flags for messages that are all plain");
        p.add(20, true); // a Last Will between two readings
        p.add(15, false); // arrives late: inserted before it, the flag moves with its message
        for (long t = 40; t <= 100; t += 10) {
            p.add(t, false); // grows past the first capacity
        }
        p.add(25, false);
        long[] times = Arrays.copyOf(p.times, p.size);
        assertArrayEquals(new long[] {10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100}, times);
        for (int i = 0; i < p.size; i++) {
            assertEquals(times[i] == 20, p.goingOffline(i), "flag of the message at " + times[i]);
        }
        p.dropFirst(2);
        assertTrue(p.goingOffline(0));
        assertFalse(p.goingOffline(1));
        p.dropFirst(p.size);
        assertNull(p.offline, "drained: back to no flags");
        p.add(200, false);
        assertFalse(p.goingOffline(0));
    }
}
