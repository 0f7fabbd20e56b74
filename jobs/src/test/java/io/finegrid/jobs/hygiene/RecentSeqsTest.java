package io.finegrid.jobs.hygiene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertTrue(r.seqs.length <= 128, "what fell out of the horizon made room instead of growing: " + r.seqs.length);
    }

    @Test
    void aRestartedDeviceIsNotTakenForRedeliveriesOnceTheHorizonPassed() {
        RecentSeqs r = new RecentSeqs();
        for (long s = 1; s <= 8; s++) {
            r.add(s, s * 1_000, HORIZON);
        }
        r.add(1, 700_000, HORIZON); // seq restarted long after: the old 1..8 are forgotten when room is needed
        assertTrue(r.contains(1));
        assertFalse(r.contains(5), "forgotten: sent more than the horizon before");
        assertEquals(1, r.size);
    }

    @Test
    void aRedeliveryBelowTheHighestAndStateKeptBeforeTheHighestWasAreStillFound() {
        RecentSeqs r = new RecentSeqs();
        r.add(10, 1_000, HORIZON);
        r.add(3, 2_000, HORIZON); // out of order
        assertTrue(r.contains(3));
        assertTrue(r.contains(10));
        assertFalse(r.contains(7));
        assertFalse(r.contains(11));
        RecentSeqs restored = new RecentSeqs(); // as restored from state saved without `highest`
        restored.seqs = new long[] {5, 9, 2, 0, 0, 0, 0, 0};
        restored.times = new long[] {1_000, 2_000, 3_000, 0, 0, 0, 0, 0};
        restored.size = 3;
        assertTrue(restored.contains(9));
        assertFalse(restored.contains(10));
        restored.add(4, 4_000, HORIZON);
        assertTrue(restored.contains(9), "adding a lower seq keeps the highest: " + restored.highest);
    }
}
