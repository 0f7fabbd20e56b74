package io.finegrid.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import io.finegrid.model.codec.Decoded;
import io.finegrid.model.codec.MqttTopic;
import io.finegrid.model.codec.PayloadCodec;
import io.finegrid.model.codec.TopicKind;
import io.finegrid.model.device.DeviceAddress;
import io.finegrid.model.device.NormalizedReading;
import io.finegrid.model.device.TelemetryReading;
import io.finegrid.model.json.Json;
import io.finegrid.platform.bench.PumpTrace;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Nanoseconds per MQTT telemetry message in the gateway's codec ({@code codec}: topic, size,
 * UTF-8, JSON, the device's registration, every field of CONTRACT §2 checked, the normalized
 * reading built), against the raw limit of reading the same bytes as JSON at all
 * ({@code jsonTree}: Jackson's tree parse, which the codec does too). The payloads are the pump
 * readings of {@code finegrid bench jobs}, each on its device's topic.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PayloadCodecBench {
    private static final int MESSAGES = 4096; // a power of two: the next one is an AND away
    private static final long NOW = 1_700_000_000_000L;

    private final String[] topics = new String[MESSAGES];
    private final byte[][] payloads = new byte[MESSAGES][];
    private PayloadCodec codec;
    private int k;

    @Setup
    public void messages() throws Exception {
        PumpTrace pumps = new PumpTrace(1000, NOW - 3_600_000);
        for (int i = 0; i < MESSAGES; i++) {
            NormalizedReading r = pumps.reading(i);
            topics[i] = MqttTopic.of(new DeviceAddress(r.community(), r.building(), r.deviceId()), TopicKind.TELEMETRY);
            payloads[i] = Json.write(new TelemetryReading(r.ts(), r.seq(), r.metrics()));
        }
        // The registry as the gateway has it: every pump registered where it publishes.
        codec = new PayloadCodec(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC),
                PumpConfig.of(pumps).parse().community().directory());
        Decoded d = codec.decode(topics[0], payloads[0]);
        if (d.accepted().size() != 1) {
            throw new IllegalStateException("the codec refuses the benchmark's message: " + d.rejected());
        }
    }

    @Benchmark
    public Decoded codec() {
        int i = k++ & (MESSAGES - 1);
        return codec.decode(topics[i], payloads[i]);
    }

    @Benchmark
    public JsonNode jsonTree() throws Exception {
        int i = k++ & (MESSAGES - 1);
        return Json.MAPPER.readTree(payloads[i]);
    }
}
