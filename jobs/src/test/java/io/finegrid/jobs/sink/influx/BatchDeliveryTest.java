package io.finegrid.jobs.sink.influx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The delivery decisions, with the server's answers scripted (the real server is in InfluxSinkIT). */
class BatchDeliveryTest {
    long now;
    final List<Long> sleeps = new ArrayList<>();
    final List<String> stored = new ArrayList<>();

    BatchDelivery delivery(BatchDelivery.Target target, long budget) {
        return new BatchDelivery(target, ms -> {
            sleeps.add(ms);
            now += ms;
        }, () -> now, budget, 200);
    }

    static List<String> lines(int n) {
        return IntStream.range(0, n).mapToObj(i -> "m,k=" + i + " v=1 " + i).toList();
    }

    @Test
    void aRefusedPointIsIsolatedAndEveryOtherPointWritten() throws Exception {
        List<String> batch = new ArrayList<>(lines(100));
        batch.set(37, "m,k=37 v=\"text\" 37");
        int[] requests = {0};
        BatchDelivery d = delivery(lines -> {
            requests[0]++;
            // Like InfluxDB's partial write: the good points of the request land, the request gets 400.
            lines.stream().filter(l -> !l.contains("text")).forEach(stored::add);
            return lines.stream().anyMatch(l -> l.contains("text"))
                    ? new BatchDelivery.Attempt(BatchDelivery.Outcome.REFUSED, "400 field type conflict")
                    : BatchDelivery.Attempt.OK;
        }, 60_000);
        List<BatchDelivery.Refused> refused = d.deliver(batch);
        assertEquals(1, refused.size());
        assertEquals("m,k=37 v=\"text\" 37", refused.get(0).line());
        assertEquals(99, stored.stream().distinct().count(), "every other point written");
        assertTrue(requests[0] <= 2 * 7 + 1, "halving, not one request per point: " + requests[0]);
    }

    @Test
    void anUnreachableServerIsRetriedWithDoublingPausesUntilItAnswers() throws Exception {
        int[] failures = {5};
        BatchDelivery d = delivery(lines -> failures[0]-- > 0
                ? new BatchDelivery.Attempt(BatchDelivery.Outcome.RETRY, "connection refused")
                : BatchDelivery.Attempt.OK, 60_000);
        assertEquals(List.of(), d.deliver(lines(10)));
        assertEquals(List.of(200L, 400L, 800L, 1_600L, 3_200L), sleeps);
        assertEquals(5, d.retries());
    }

    @Test
    void pausesStopDoublingAtTenSecondsAndTheBudgetEndsTheWaitWithAnError() {
        BatchDelivery d = delivery(lines -> new BatchDelivery.Attempt(BatchDelivery.Outcome.RETRY, "503"), 60_000);
        IOException e = assertThrows(IOException.class, () -> d.deliver(lines(10)));
        assertTrue(e.getMessage().contains("still failing"), e.getMessage());
        assertTrue(sleeps.stream().allMatch(s -> s <= BatchDelivery.MAX_BACKOFF_MS));
        assertTrue(now <= 60_000, "never waits past the budget: " + now);
        assertTrue(now >= 50_000, "but uses it: " + now);
    }

    @Test
    void aConfigurationErrorFailsAtOnce() {
        int[] requests = {0};
        BatchDelivery d = delivery(lines -> {
            requests[0]++;
            return new BatchDelivery.Attempt(BatchDelivery.Outcome.FATAL, "401 unauthorized");
        }, 60_000);
        assertThrows(IOException.class, () -> d.deliver(lines(10)));
        assertEquals(1, requests[0]);
    }

    @Test
    void statusesAreClassifiedByWhoseFaultTheyAre() {
        assertEquals(BatchDelivery.Outcome.REFUSED, InfluxWriter.classify(400));
        assertEquals(BatchDelivery.Outcome.FATAL, InfluxWriter.classify(401));
        assertEquals(BatchDelivery.Outcome.FATAL, InfluxWriter.classify(404));
        assertEquals(BatchDelivery.Outcome.RETRY, InfluxWriter.classify(0), "no answer at all");
        assertEquals(BatchDelivery.Outcome.RETRY, InfluxWriter.classify(503));
        assertEquals(BatchDelivery.Outcome.RETRY, InfluxWriter.classify(429));
    }
}
