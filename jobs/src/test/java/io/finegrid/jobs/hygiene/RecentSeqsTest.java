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

    /** Whether a message carrying {@code seq}, sent at {@code ts}, is taken for a redelivery. */
    static boolean seen(RecentSeqs r, long seq, long ts) {
        return r.contains(seq, ts, HORIZON);
    }

    @Test
    void remembersWhatWasSentWithinTheHorizon() {
        RecentSeqs r = new RecentSeqs();
        for (long s = 1; s <= 100; s++) {
            r.add(s, s * 10_000, HORIZON);
        }
        assertTrue(seen(r, 100, 1_000_000));
        assertTrue(seen(r, 45, 1_000_000), "sent 550 s before: within 10 min");
        assertFalse(seen(r, 101, 1_000_000));
        assertTrue(r.capacity() <= 8, "in-order seqs take a run per quarter horizon, not a slot each: " + r.capacity());
    }

    @Test
    void aRestartedDeviceIsNotTakenForRedeliveriesOnceTheHorizonPassed() {
        RecentSeqs r = new RecentSeqs();
        for (long s = 1; s <= 8; s++) {
            r.add(s, s * 1_000, HORIZON);
        }
        assertFalse(seen(r, 1, 700_000), "seq 1 was sent 699 s before");
        r.add(1, 700_000, HORIZON); // the numbering restarted long after
        for (long s = 2; s <= 30; s++) {
            r.add(s, 700_000 + s * 1_000, HORIZON);
        }
        assertTrue(seen(r, 1, 730_000));
        assertTrue(seen(r, 30, 730_000));
        assertFalse(seen(r, 31, 731_000));
        // Keeps going in order for a while: runs close every quarter horizon, and room is needed.
        for (long s = 31; s <= 2_000; s++) {
            assertFalse(seen(r, s, 700_000 + s * 1_000), "seq " + s + " is new");
            r.add(s, 700_000 + s * 1_000, HORIZON);
        }
        assertFalse(seen(r, 5, 2_701_000), "sent 1,995 s before: forgotten");
        assertTrue(seen(r, 1_500, 2_701_000), "sent 500 s before: kept");
        assertTrue(r.capacity() <= 8, "older runs made room instead of the array growing: " + r.capacity());
    }

    /**
     * A device that falls silent and restarts its numbering: its old seqs were sent more than the
     * horizon before each new message, so none is taken for a redelivery, although nothing new was
     * remembered in between that would have made room and forgotten the old ones.
     */
    @Test
    void aDeviceRestartedAfterASilenceIsHeardAtOnce() {
        RecentSeqs r = new RecentSeqs();
        for (long s = 1; s <= 50; s++) {
            r.add(s, (s - 1) * 10_000, HORIZON); // 0 to 490 s
        }
        for (long s = 1; s <= 60; s++) {
            long t = 890_000 + (s - 1) * 10_000; // the old seq s was sent 890 s before
            assertFalse(seen(r, s, t), "seq " + s + " at " + t + " ms");
            r.add(s, t, HORIZON);
        }
        assertTrue(seen(r, 1, 1_500_000), "the new seq 1, sent 610 s before, still within 1.25 horizons");
        // Restarted only 300 s after the last message: the old seqs are still within the horizon.
        RecentSeqs soon = new RecentSeqs();
        for (long s = 1; s <= 50; s++) {
            soon.add(s, (s - 1) * 10_000, HORIZON);
        }
        assertTrue(seen(soon, 40, 790_000), "seq 40 was sent 400 s before");
        assertFalse(seen(soon, 5, 790_000), "seq 5 was sent 750 s before, in a run whose newest is 640 s old");
    }

    @Test
    void aRedeliveryBelowTheHighestAndOutOfOrderSeqsAreFound() {
        RecentSeqs r = new RecentSeqs();
        r.add(10, 1_000, HORIZON);
        r.add(3, 2_000, HORIZON); // out of order: a run of its own
        r.add(11, 3_000, HORIZON);
        assertTrue(seen(r, 3, 4_000));
        assertTrue(seen(r, 10, 4_000));
        assertTrue(seen(r, 11, 4_000));
        assertFalse(seen(r, 4, 4_000));
        assertFalse(seen(r, 7, 4_000));
        assertFalse(seen(r, 12, 4_000));
        assertEquals(3, r.size());
    }

    @Test
    void stateSavedInAnOlderFormReadsAsEmptyInsteadOfFailing() {
        RecentSeqs restored = new RecentSeqs(); // the highest came back, the seqs (kept in another form) did not
        restored.highest = 60;
        restored.closed = null;
        assertFalse(seen(restored, 5, 1_000));
        restored.add(7, 1_000, HORIZON);
        restored.add(9, 2_000, HORIZON); // closes the first run: the closed runs are made anew
        assertTrue(seen(restored, 7, 3_000));
        assertTrue(seen(restored, 9, 3_000));
        assertFalse(seen(restored, 8, 3_000));
    }

    /**
     * Against the plain definition, a map from seq to the time it was last sent: every seq sent
     * within the horizon before is found, none that was never sent or was sent more than 1.25
     * horizons before.
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
                boolean seen = seen(r, s, t);
                Long when = sent.get(s);
                if (when != null && when > t - HORIZON) {
                    assertTrue(seen, "stream " + stream + ": seq " + s + " sent at " + when + ", asked at " + t);
                }
                if (when == null || when < t - HORIZON - HORIZON / 4) {
                    assertFalse(seen, "stream " + stream + ": seq " + s + " sent at " + when + ", asked at " + t);
                }
                if (!seen) {
                    r.add(s, t, HORIZON);
                    sent.put(s, t);
                }
            }
        }
    }
}
