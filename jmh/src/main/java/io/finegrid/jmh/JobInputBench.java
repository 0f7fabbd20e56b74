package io.finegrid.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import io.finegrid.jobs.input.DeviceInput;
import io.finegrid.jobs.input.DeviceInputDeserializer;
import io.finegrid.model.json.Json;
import io.finegrid.model.topic.Topics;
import io.finegrid.platform.bench.PumpTrace;
import java.util.concurrent.TimeUnit;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Nanoseconds per {@code fg.telemetry} record in the job's Kafka decode ({@code decode}: the
 * normalized reading read into the record the job's operators share, checked, and filtered to
 * the job's community), against Jackson's bare tree parse of the same bytes ({@code jsonTree}).
 * That parse is all the trivial job of {@code finegrid bench jobs} does per record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JobInputBench {
    private static final int RECORDS = 4096; // a power of two: the next one is an AND away

    private final ConsumerRecord<byte[], byte[]>[] records = newArray();
    private final DeviceInputDeserializer deserializer = new DeviceInputDeserializer("bench");
    private final Last last = new Last();
    private int k;

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<byte[], byte[]>[] newArray() {
        return new ConsumerRecord[RECORDS];
    }

    @Setup
    public void records() {
        PumpTrace pumps = new PumpTrace(1000, 1_700_000_000_000L);
        for (int i = 0; i < RECORDS; i++) {
            var r = pumps.reading(i);
            records[i] = new ConsumerRecord<>(Topics.TELEMETRY.name(), 0, i, Topics.TELEMETRY.keyBytes(r),
                    Topics.TELEMETRY.serialize(r));
        }
        deserializer.deserialize(records[0], last);
        if (last.in == null || last.in.error != null) {
            throw new IllegalStateException("the job refuses the benchmark's record: " + (last.in == null ? "nothing" : last.in.error));
        }
    }

    @Benchmark
    public DeviceInput decode() {
        deserializer.deserialize(records[k++ & (RECORDS - 1)], last);
        return last.in;
    }

    @Benchmark
    public JsonNode jsonTree() throws Exception {
        return Json.MAPPER.readTree(records[k++ & (RECORDS - 1)].value());
    }

    /** Keeps the decoded record, so that the benchmark returns it (and the JIT cannot drop the work). */
    private static final class Last implements Collector<DeviceInput> {
        DeviceInput in;

        @Override
        public void collect(DeviceInput record) {
            in = record;
        }

        @Override
        public void close() {}
    }
}
