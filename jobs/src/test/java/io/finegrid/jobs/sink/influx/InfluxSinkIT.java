package io.finegrid.jobs.sink.influx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.testkit.HostPort;
import io.finegrid.testkit.Influx;
import io.finegrid.testkit.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sink against a real InfluxDB server of its own (1.x, v1 writes), which the tests stop and
 * start: an outage of 60 s while the job writes, a job failure after checkpoints, a batch with
 * refused points. Every point has its own series and time, so "arrived once" is an exact count.
 */
class InfluxSinkIT {
    static final String DB = "sinkit";
    static final long T0 = 1_790_000_000_000L;

    HostPort at;
    Path dir;
    ServiceProcess influx;

    @BeforeEach
    void startInflux() throws Exception {
        at = HostPort.freeLoopback();
        dir = Files.createTempDirectory("fg-influx-sink");
        influx = Influx.start(at, dir);
    }

    @AfterEach
    void stopInflux() {
        influx.close();
    }

    String url() {
        return "http://" + at;
    }

    InfluxSink sink(Duration retryBudget) {
        return InfluxSink.builder().url(url()).database(DB).mode(InfluxSettings.Mode.V1).batchSize(1_000)
                .retryFor(retryBudget, 100).build();
    }

    long count(String measurement) {
        List<java.util.Map<String, Object>> rows = Influx.rows(url(), DB, "SELECT count(v) FROM " + measurement);
        return rows.isEmpty() ? 0 : ((Number) rows.get(0).get("count")).longValue();
    }

    static String point(String measurement, long i) {
        return measurement + ",k=k" + (i % 10) + " v=" + i + " " + (T0 + i);
    }

    @Test
    void aBatchWithRefusedPointsDeliversAllTheOthers() throws Exception {
        List<String> points = new ArrayList<>();
        for (long i = 0; i < 1_000; i++) {
            points.add(point("refusals", i));
        }
        points.set(100, "refusals,k=bad v=\"a string where numbers are\" " + (T0 + 100)); // field type conflict
        points.set(700, "refusals,k=bad"); // no field at all: not line protocol
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.fromData(points).sinkTo(sink(Duration.ofSeconds(30)));
        env.execute("refusals");
        assertEquals(998, count("refusals"), "one batch of 1,000, two refused, the rest written");
    }

    /** Readings at about 2,000/s; counts what left the source, to see back-pressure. */
    static final AtomicLong EMITTED = new AtomicLong();

    @Test
    void anOutageOfSixtySecondsLosesNothingAndBackPressuresInsteadOfBuffering() throws Exception {
        long n = 60_000;
        EMITTED.set(0);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        env.enableCheckpointing(1_000);
        env.fromSequence(0, n - 1).map(i -> {
            LockSupport.parkNanos(500_000);
            EMITTED.incrementAndGet();
            return point("outage", i);
        }).sinkTo(sink(Duration.ofMinutes(5)));
        JobClient job = env.executeAsync("outage");
        await(() -> EMITTED.get() >= 10_000);
        influx.close();
        Thread.sleep(5_000);
        long early = EMITTED.get();
        long peakHeap = 0;
        for (int s = 0; s < 55; s++) {
            Thread.sleep(1_000);
            Runtime rt = Runtime.getRuntime();
            peakHeap = Math.max(peakHeap, rt.totalMemory() - rt.freeMemory());
        }
        long late = EMITTED.get();
        influx = Influx.start(at, dir); // the same server, its data intact
        job.getJobExecutionResult().get();
        assertEquals(n, count("outage"), "every point, once");
        assertTrue(late - early < 20_000, "the source was held back while InfluxDB was down, not buffered: "
                + (late - early) + " readings in 50 s against ~100,000 unhindered");
        System.out.printf("outage: %d readings left the source during 50 s of outage; peak heap %d MB%n",
                late - early, peakHeap >> 20);
    }

    /** Where the failing job stood when it failed. */
    static final AtomicLong CHECKPOINTED = new AtomicLong();
    static final AtomicLong IN_INFLUX_AT_FAILURE = new AtomicLong(-1);
    static final AtomicLong ATTEMPTS = new AtomicLong();

    /** Fails the job once, after a checkpoint that covers at least {@code failAfter} readings. */
    static final class FailOnce extends RichMapFunction<Long, String> implements CheckpointedFunction, CheckpointListener {
        final long failAfter;
        final String url;
        transient long processed;
        transient long atSnapshot;

        FailOnce(long failAfter, String url) {
            this.failAfter = failAfter;
            this.url = url;
        }

        @Override
        public void open(OpenContext ctx) {
            ATTEMPTS.incrementAndGet();
        }

        @Override
        public String map(Long i) throws Exception {
            LockSupport.parkNanos(200_000);
            processed++;
            if (IN_INFLUX_AT_FAILURE.get() < 0 && CHECKPOINTED.get() >= failAfter) {
                List<java.util.Map<String, Object>> rows = Influx.rows(url, DB, "SELECT count(v) FROM failure");
                IN_INFLUX_AT_FAILURE.set(rows.isEmpty() ? 0 : ((Number) rows.get(0).get("count")).longValue());
                throw new IllegalStateException("injected failure after " + CHECKPOINTED.get() + " checkpointed readings");
            }
            return point("failure", i);
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            atSnapshot = processed;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {}

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            if (ATTEMPTS.get() == 1) {
                CHECKPOINTED.set(atSnapshot);
            }
        }
    }

    @Test
    void afterAFailureInfluxHoldsEveryCheckpointedPointAndTheReplayAddsNoDuplicates() throws Exception {
        long n = 30_000;
        CHECKPOINTED.set(0);
        IN_INFLUX_AT_FAILURE.set(-1);
        ATTEMPTS.set(0);
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        env.enableCheckpointing(500);
        env.fromSequence(0, n - 1).map(new FailOnce(10_000, url())).sinkTo(sink(Duration.ofSeconds(30)));
        env.execute("failure");
        assertEquals(2, ATTEMPTS.get(), "failed once, restarted once");
        assertTrue(IN_INFLUX_AT_FAILURE.get() >= CHECKPOINTED.get(), "every checkpointed point was in InfluxDB at the"
                + " failure: " + IN_INFLUX_AT_FAILURE.get() + " < " + CHECKPOINTED.get());
        assertEquals(n, count("failure"), "the replay overwrote, and nothing is missing");
    }

    private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out");
            }
            Thread.sleep(20);
        }
    }
}
