package io.finegrid.alerting.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReceiptsTest {
    @Test
    void onlyOffsetsBelowTheOldestWaitingTransitionAreCommitted() {
        TopicPartition p = new TopicPartition("fg.alerts", 0);
        Receipts r = new Receipts();
        for (long o = 0; o < 5; o++) {
            r.read(p, o);
        }
        Receipts.Receipt two = new Receipts.Receipt(p, 2);
        r.hold(two);
        r.hold(two); // two targets for one transition
        r.hold(new Receipts.Receipt(p, 4));
        assertEquals(2, r.committable().get(p).offset());
        r.release(two);
        assertEquals(2, r.committable().get(p).offset(), "still waiting for its second target");
        r.release(two);
        assertEquals(4, r.committable().get(p).offset());
        r.release(new Receipts.Receipt(p, 4));
        assertEquals(5, r.committable().get(p).offset());
    }

    @Test
    void backoffDoublesUpToItsCeilingAndStopsAtTheAttemptLimit() {
        Backoff b = new Backoff(500, 3_000, 4);
        assertEquals(500, b.delayAfter(1));
        assertEquals(1_000, b.delayAfter(2));
        assertEquals(2_000, b.delayAfter(3));
        assertEquals(3_000, b.delayAfter(4));
        assertEquals(true, b.mayRetry(3));
        assertEquals(false, b.mayRetry(4));
    }
}
