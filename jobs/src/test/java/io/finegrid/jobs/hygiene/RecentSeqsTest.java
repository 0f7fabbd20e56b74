package io.finegrid.jobs.hygiene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecentSeqsTest {
    static final long HORIZON = 600_000;

    @Test
    void remembersWhatWasSentWithinTheHorizon() {
        RecentSeqs r = new RecentSeqs();
        for (long s = 1; s <= 100; s++) {
            r.add(s, s * 10_000, HORIZON);
        }
        assertTrue(r.contains(100));
        assertTrue(r.contains(45), "sent 550 s before the newest: within 10 min");
        assertFalse(r.contains(101));
        assertTrue(r.capacity() <= 8, "in-order seqs take a run per quarter horizon, not a slot each: " + r.capacity());
    }

    @Test
    void aRestartedDeviceIsNotTakenForRedeliveriesOnceTheHorizonPassed() {
        RecentSeqs r = new RecentSeqs();
        for (long s = 1; s <= 8; s++) {
            r.add(s, s * 1_000, HORIZON);
        }
        r.add(1, 700_000, HORIZON); // seq restarted long after: the old 1..8 are forgotten when room is needed
        for (long s = 2; s <= 30; s++) {
            r.add(s, 700_000 + s * 1_000, HORIZON);
        }
        assertTrue(r.contains(1));
        assertTrue(r.contains(30));
        assertFalse(r.contains(31));
        // Keeps going in order for a while: runs close every quarter horizon, and room is needed.
        for (long s = 31; s <= 2_000; s++) {
            assertFalse(r.contains(s), "seq " + s + " is new");
            r.add(s, 700_000 + s * 1_000, HORIZON);
        }
        assertFalse(r.contains(5), "sent 1,995 s before the newest: forgotten");
        assertTrue(r.contains(1_500), "sent 500 s before the newest: kept");
        assertTrue(r.capacity() <= 8, "older runs made room instead of the array growing: " + r.capacity());
    }

    @Test
    void aRedeliveryBelowTheHighestAndOutOfOrderSeqsAreFound() {
        RecentSeqs r = new RecentSeqs();
        r.add(10, 1_000, HORIZON);
        r.add(3, 2_000, HORIZON); // out of order: a run of its own
        r.add(11, 3_000, HORIZON);
        assertTrue(r.contains(3));
        assertTrue(r.contains(10));
        assertTrue(r.contains(11));
        assertFalse(r.contains(4));
        assertFalse(r.contains(7));
        assertFalse(r.contains(12));
        assertEquals(3, r.size());
    }

    @Test
    void stateSavedInAnOlderFormReadsAsEmptyInsteadOfFailing() {
        RecentSeqs restored = new RecentSeqs(); // the highest came back, the seqs (kept in another form) did not
        restored.highest = 60;
        restored.closed = null;
        assertFalse(restored.contains(5));
        restored.add(7, 1_000, HORIZON);
        restored.add(9, 2_000, HORIZON); // closes the first run: the closed runs are made anew
        assertTrue(restored.contains(7));
        assertTrue(restored.contains(9));
        assertFalse(restored.contains(8));
    }

    /**
     * Against the plain definition, a map from seq to the time it was last sent: every seq sent
     * within the horizon before the newest message is found, and none that was never sent;
     * nothing sent more than 1.25 horizons before is kept once room was needed.
     */
    @Test
    void agreesWithAMapOfEverySeqOnRandomStreams() {
        Random random = new Random(7);
        for (int stream = 0; stream < 200; stream++) {
            RecentSeqs r = new RecentSeqs();
            Map<Long, Long> sent = new HashMap<>();
            long seq = random.nextInt(1000);
            long t = 1_000_000;
            for (int i = 0; i < 500; i++) {
                t += random.nextInt(20_000);
                int what = random.nextInt(20);
                long s = what == 0 ? random.nextInt(2000) // a restart or a stray number
                        : what == 1 ? seq - 1 - random.nextInt(5) // a late one, or a redelivery
                        : ++seq;
                if (what != 1 && what != 0) {
                    seq = s;
                }
                boolean seen = r.contains(s);
                Long when = sent.get(s);
                if (when != null && when > t - HORIZON) {
                    assertTrue(seen, "stream " + stream + ": seq " + s + " sent at " + when + ", asked at " + t);
                }
                if (when == null) {
                    assertFalse(seen, "stream " + stream + ": seq " + s + " never sent");
                }
                if (!seen) {
                    r.add(s, t, HORIZON);
                    sent.put(s, t);
                }
            }
        }
    }
}
