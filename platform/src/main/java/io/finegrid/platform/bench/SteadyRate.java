package io.finegrid.platform.bench;

import io.finegrid.jobs.input.DeviceInput;
import io.finegrid.jobs.input.DeviceInputDeserializer;
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

    private final DeviceInputDeserializer inner = new DeviceInputDeserializer();

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
        inner.deserialize(record, out);
    }

    @Override
    public TypeInformation<DeviceInput> getProducedType() {
        return inner.getProducedType();
    }
}
