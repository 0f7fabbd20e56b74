package io.finegrid.platform.bench;

import io.finegrid.jobs.input.DeviceInput;
import io.finegrid.jobs.input.DeviceInputDeserializer;
import io.finegrid.model.json.Json;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The job's steady rate, read where records enter it: the source reads only as fast as the job
 * takes them (backpressure), so the time from the record that ends the warm-up (the first 10%:
 * start-up, JIT) to the last one is the job's own pace. Both jobs of the benchmark are measured
 * this way. Counters are static: the MiniCluster runs in this JVM.
 */
final class SteadyRate implements KafkaRecordDeserializationSchema<DeviceInput> {
    private static final AtomicLong COUNT = new AtomicLong();
    private static volatile long warmEnd;
    private static volatile long lastAt;
    private static volatile long total;
    private static volatile CpuShare cpu;
    private static volatile java.util.Map<String, Double> cpuShares = java.util.Map.of();

    /** Parsed records of the trivial job: one shared placeholder, so that only the parse is measured. */
    private static final DeviceInput PARSED = DeviceInput.undecodable("", "", null);

    /** null: the trivial job's bare parse instead of the FineGrid decode. */
    private final DeviceInputDeserializer decode;

    private SteadyRate(DeviceInputDeserializer decode) {
        this.decode = decode;
    }

    /** The FineGrid job's own decode of each record (its Kafka deserializer). */
    static SteadyRate decoded() {
        return new SteadyRate(new DeviceInputDeserializer());
    }

    /**
     * The trivial job's parse: Jackson's tree of the record's JSON, every token read and nothing
     * else done with it (the same raw limit as {@code finegrid bench hot}).
     */
    static SteadyRate parsedOnly() {
        return new SteadyRate(null);
    }

    static void reset(long n) {
        COUNT.set(0);
        warmEnd = 0;
        lastAt = 0;
        total = n;
        cpu = null;
        cpuShares = java.util.Map.of();
    }

    /** Records per second after the warm-up. */
    static double perSecond() {
        return (total - total / 10) / ((lastAt - warmEnd) / 1e9);
    }

    /** Where the CPU went between the warm-up's end and the last record. */
    static java.util.Map<String, Double> cpuShares() {
        return cpuShares;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<DeviceInput> out) throws java.io.IOException {
        long c = COUNT.incrementAndGet();
        if (c == total / 10) {
            warmEnd = System.nanoTime();
            cpu = CpuShare.start();
        } else if (c == total) {
            lastAt = System.nanoTime();
            cpuShares = cpu.stop();
        }
        if (decode != null) {
            decode.deserialize(record, out);
        } else if (Json.MAPPER.readTree(record.value()) != null) {
            out.collect(PARSED);
        }
    }

    @Override
    public TypeInformation<DeviceInput> getProducedType() {
        return TypeInformation.of(DeviceInput.class);
    }
}
