package io.finegrid.platform.bench;

import io.finegrid.jobs.FineGridJob;
import io.finegrid.jobs.input.DeviceInput;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.device.NormalizedReading;
import io.finegrid.model.topic.Topics;
import io.finegrid.testkit.Endpoints;
import io.finegrid.testkit.LocalStack;
import io.finegrid.testkit.ScratchDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code finegrid bench jobs [N]}: N recorded readings (default 6,000,000; 10,000 devices, one
 * reading each per simulated 10 s, with a low-pressure fault on every hundredth pump) are put on
 * {@code fg.telemetry}; then, on a MiniCluster with parallelism 2, a trivial job that only
 * parses their JSON (Jackson's tree) and counts them, and the FineGrid job (rules, rollups; its
 * outputs discarded, so the figure is the job's own work), each read the same records from Kafka;
 * a third job, the FineGrid job's own decode and shuffle with one counter per device in keyed
 * state ({@link CountPerDevice}), is the floor of any operator keyed by device. Each job first
 * runs over the readings only to warm the JVM up, until the JIT compiler has settled
 * ({@link #warmUp}); then the trivial job and the FineGrid job run one right after the other,
 * {@code --rounds R} times (default 3). Prints the events/s of each run after its first 10% (see
 * {@link SteadyRate}), each round's ratio and their median, and where
 * the CPU went in the last round's windows ({@link CpuShare}): on two cores the JIT compiler, the
 * broker and every operator share them.
 * {@code --rules FILE} sizes other rules (pumps, category water_supply); {@code --devices N} another
 * number of pumps (default 10,000): the job's rate depends on it, through the memory the device
 * states take. {@code --trace FILE --config DIR} takes a recorded community instead (a
 * {@code finegrid record} of live traffic, or {@code simulate --record}), put on Kafka as the
 * ingest gateway would ({@link TraceLoad}), with the rules of DIR (or {@code --rules}).
 */
public final class JobsBench {
    private JobsBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 6_000_000;
        String rules = null;
        Path trace = null;
        Path configDir = null;
        int rounds = 3;
        int devices = 10_000;
        for (int i = 0; i < args.length - 1; i++) {
            switch (args[i]) {
                case "--rules" -> rules = Files.readString(Path.of(args[i + 1])); // the rules a user wants to size
                case "--trace" -> trace = Path.of(args[i + 1]); // a recorded community instead of the pumps
                case "--config" -> configDir = Path.of(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--devices" -> devices = Integer.parseInt(args[i + 1]); // the pumps' number, not with --trace
                default -> { }
            }
        }
        if ((trace == null) != (configDir == null)) {
            throw new IllegalArgumentException("--trace FILE needs --config DIR (the community it was recorded in), and the reverse");
        }
        try (ScratchDir scratch = ScratchDir.create("fg-bench-jobs");
             LocalStack stack = LocalStack.onFreePorts(scratch)) {
            Path dir = scratch.path();
            Endpoints e = stack.endpoints();
            ConfigTexts config;
            List<String> topics;
            String what;
            if (trace == null) {
                config = ConfigTexts.read(new PumpTrace(devices, 0).writeConfig(dir, rules));
                topics = List.of(Topics.TELEMETRY.name());
                produce(e.kafkaBootstrap(), devices, n, (System.currentTimeMillis() - 86_400_000L) / 1000 * 1000);
                what = String.format(Locale.ROOT, "%,d readings of %,d pumps", n, devices);
            } else {
                ConfigTexts files = ConfigTexts.read(configDir);
                config = rules == null ? files
                        : new ConfigTexts(files.community(), rules, files.services(), files.responsibilities());
                // Every topic a device or a resident writes to, for all three jobs: the same records.
                topics = List.of(Topics.TELEMETRY.name(), Topics.EVENTS.name(), Topics.STATUS.name(),
                        Topics.REQUESTS.name());
                TraceLoad.Loaded loaded = TraceLoad.produce(e.kafkaBootstrap(), trace, config.parse().community());
                n = Math.toIntExact(loaded.records());
                what = String.format(Locale.ROOT, "%,d records of the trace %s (%,d messages the gateway would refuse left out)",
                        n, trace.getFileName(), loaded.refused());
            }
            String bootstrap = e.kafkaBootstrap();
            for (String job : List.of("trivial", "floor", "finegrid")) {
                warmUp(job, dir, bootstrap, topics, n, job.equals("finegrid") ? config : null);
            }
            double floor = run("floor", "floor", dir, bootstrap, topics, n, null);
            // The machine's speed drifts by more than the differences measured (other tenants share
            // its caches and memory): each ratio is taken between runs made one right after the
            // other, and the median of the rounds is reported.
            double[] trivial = new double[rounds];
            double[] full = new double[rounds];
            double[] ratios = new double[rounds];
            Map<String, Double> trivialCpu = Map.of();
            Map<String, Double> fullCpu = Map.of();
            for (int r = 0; r < rounds; r++) {
                trivial[r] = run("trivial", "trivial", dir, bootstrap, topics, n, null);
                trivialCpu = SteadyRate.cpuShares();
                full[r] = run("finegrid", "finegrid", dir, bootstrap, topics, n, config);
                fullCpu = SteadyRate.cpuShares();
                ratios[r] = full[r] / trivial[r];
            }
            int median = medianIndex(ratios);
            System.out.printf(Locale.ROOT, """

                    jobs benchmark, %s from Kafka, MiniCluster parallelism 2
                    (events/s of each run after its first 10%%, measured where records enter the job;
                    every job warmed up by runs of its own until the JIT settled, three at most;
                    %d rounds of the trivial job and the FineGrid job, one right after the other)
                    """, what, rounds);
            for (int r = 0; r < rounds; r++) {
                System.out.printf(Locale.ROOT, "  round %d: trivial %,10.0f   FineGrid %,10.0f   ratio %.2f%n", r + 1,
                        trivial[r], full[r], ratios[r]);
            }
            System.out.printf(Locale.ROOT, """
                      trivial job (JSON parse and count)             : %,10.0f events/s
                      FineGrid decode, a counter per device in state : %,10.0f events/s
                      FineGrid job (rules, rollups)                  : %,10.0f events/s
                      ratio FineGrid / trivial: %.2f, the median of %d rounds (%.2f to %.2f); to that floor: %.2f
                    """, trivial[median], floor, full[median], ratios[median], rounds, min(ratios), max(ratios),
                    full[median] / floor);
            System.out.print("  where the CPU went, trivial job (last round):\n"
                    + CpuShare.format(trivialCpu, trivial[rounds - 1])
                    + "  where the CPU went, FineGrid job (last round):\n" + CpuShare.format(fullCpu, full[rounds - 1]));
        }
    }

    /** A warm-up run is enough once the JIT compiler took less than this (percent of one core) in its window. */
    static final double SETTLED_JIT_PERCENT = 5;
    /** Warm-up runs per job at most, settled or not. */
    static final int MAX_WARM_UPS = 3;

    /**
     * Runs a job until the JIT compiler has settled: until it takes less than
     * {@link #SETTLED_JIT_PERCENT} of a core in a run's measured window, or {@link #MAX_WARM_UPS}
     * runs. One warm-up run was not enough for the FineGrid job, which has far more code to compile:
     * the compiler still took 14-31% of a core in the first measured run after it (2-8% in the
     * second), so the first round measured the compiler as much as the job. A job that runs for
     * hours pays its compiles once.
     */
    private static void warmUp(String job, Path dir, String bootstrap, List<String> topics, int n, ConfigTexts config)
            throws Exception {
        for (int k = 1; k <= MAX_WARM_UPS; k++) {
            run(job + " (warm-up " + k + ")", job, dir, bootstrap, topics, n, config);
            if (settled(SteadyRate.cpuShares())) {
                return;
            }
        }
    }

    /**
     * Whether the JIT compiler took less than {@link #SETTLED_JIT_PERCENT} of a core in a run's
     * window. Off Linux its threads are not told apart ({@link CpuShare}), and one run is taken as enough.
     */
    static boolean settled(Map<String, Double> cpuShares) {
        return cpuShares.getOrDefault(CpuShare.JIT, 0.0) < SETTLED_JIT_PERCENT;
    }

    /** The round whose ratio is the median (the lower middle one for an even count). */
    static int medianIndex(double[] ratios) {
        Integer[] order = new Integer[ratios.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingDouble(i -> ratios[i]));
        return order[(order.length - 1) / 2];
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }

    private static void produce(String bootstrap, int devices, int n, long base) throws Exception {
        PumpTrace pumps = new PumpTrace(devices, base);
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "1",
                "linger.ms", 20, "batch.size", 256 * 1024), new ByteArraySerializer(), new ByteArraySerializer());
             Progress bar = new Progress("produce", n, PRODUCED::get, PRODUCED::get, PRODUCED::get)) {
            for (int i = 0; i < n; i++) {
                NormalizedReading r = pumps.reading(i);
                p.send(new ProducerRecord<>(Topics.TELEMETRY.name(), Topics.TELEMETRY.keyBytes(r), Topics.TELEMETRY.serialize(r)),
                        (md, ex) -> PRODUCED.incrementAndGet());
            }
            p.flush();
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong PRODUCED = new java.util.concurrent.atomic.AtomicLong();

    /** Events per second of one job over everything on fg.telemetry (bounded at the current end). */
    private static double run(String label, String name, Path dir, String bootstrap, List<String> topics, int n,
                              ConfigTexts config) throws Exception {
        KafkaSource<DeviceInput> source = KafkaSource.<DeviceInput>builder()
                .setBootstrapServers(bootstrap).setTopics(topics)
                .setGroupId("bench-" + label).setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(name.equals("trivial") ? SteadyRate.parsedOnly() : SteadyRate.decoded()).build();
        StreamExecutionEnvironment env = io.finegrid.platform.LocalFlink.forRun(2, Files.createTempDirectory(dir, "flink-"));
        if (name.equals("floor")) {
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "fg.telemetry")
                    .keyBy(DeviceInput::deviceKey).process(new CountPerDevice()).returns(Long.class)
                    .sinkTo(new DiscardingSink<>());
        } else if (config == null) {
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "fg.telemetry")
                    .map(d -> 1L).returns(Long.class).sinkTo(new DiscardingSink<>());
        } else {
            new FineGridJob(FineGridJob.Inputs.of(source), new DiscardingSink<>(), new DiscardingSink<>(),
                    new DiscardingSink<>(), config, new FineGridJob.Options(Duration.ofSeconds(10), Duration.ofSeconds(10),
                    Duration.ofMinutes(10), Duration.ofSeconds(5))).build(env);
        }
        System.err.println("running the " + label + " job over " + String.format(Locale.ROOT, "%,d", n) + " readings ...");
        SteadyRate.reset(n);
        long t0 = System.nanoTime();
        env.execute("bench-" + label);
        double secs = (System.nanoTime() - t0) / 1e9;
        double steady = SteadyRate.perSecond();
        System.err.printf(Locale.ROOT, "  %s: %.1f s in all (start-up included), %,.0f events/s after warm-up%n", label,
                secs, steady);
        System.err.print(CpuShare.format(SteadyRate.cpuShares(), steady));
        return steady;
    }
}
