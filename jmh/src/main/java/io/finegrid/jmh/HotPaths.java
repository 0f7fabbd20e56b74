package io.finegrid.jmh;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code finegrid bench hot [--quick]}: the JMH benchmarks of the hot paths, each printed as the
 * ratio of its raw limit (measured in the same run) to FineGrid's time: the gateway's codec
 * against a bare JSON parse of the same message ({@link PayloadCodecBench}), the job's decode of
 * a Kafka record against the same parse ({@link JobInputBench}), the device rules
 * against the least a keyed operator does per message ({@link DeviceRulesBench}). One fork per
 * benchmark with the heap and collector of a TaskManager; {@code --quick} runs each briefly in
 * this JVM, to check that they run, not how fast.
 */
public final class HotPaths {
    private HotPaths() {}

    /** One benchmark's mean time per message, and its 99.9% confidence half-width. */
    public record Figure(String benchmark, String operator, double nanos, double error) {}

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        List<Figure> figures = run(quick);
        System.out.println();
        System.out.println("hot paths, JMH: ns per message (mean +- 99.9% half-width); ratio = raw limit / FineGrid");
        print("gateway codec, one telemetry message", find(figures, "PayloadCodecBench.codec", null),
                "bare JSON parse", find(figures, "PayloadCodecBench.jsonTree", null));
        print("job input decode, one fg.telemetry record", find(figures, "JobInputBench.decode", null),
                "bare JSON parse", find(figures, "JobInputBench.jsonTree", null));
        print("device rules, one reading (5,000 devices)", find(figures, "DeviceRulesBench.readings", "rules"),
                "keyed-state floor", find(figures, "DeviceRulesBench.readings", "floor"));
    }

    public static List<Figure> run(boolean quick) throws Exception {
        ChainedOptionsBuilder options = new OptionsBuilder().shouldFailOnError(true)
                .include("io\\.finegrid\\.jmh\\.(PayloadCodecBench|JobInputBench|DeviceRulesBench)\\.");
        if (quick) {
            options.forks(0).warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(300));
        } else {
            options.forks(1).warmupIterations(4).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(2))
                    .jvmArgs("-Xms2g", "-Xmx2g", "-XX:+UseParallelGC");
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        return results.stream().map(r -> new Figure(r.getParams().getBenchmark(), r.getParams().getParam("operator"),
                r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError())).toList();
    }

    static Figure find(List<Figure> figures, String benchmark, String operator) {
        return figures.stream()
                .filter(f -> f.benchmark().endsWith(benchmark) && (operator == null || operator.equals(f.operator())))
                .findFirst().orElseThrow(() -> new IllegalStateException("no result for " + benchmark));
    }

    private static void print(String what, Figure fineGrid, String limitName, Figure limit) {
        System.out.printf(Locale.ROOT, "  %-42s %,8.0f +- %,.0f ns   %s %,.0f +- %,.0f ns   ratio %.2f%n", what,
                fineGrid.nanos(), error(fineGrid), limitName, limit.nanos(), error(limit), limit.nanos() / fineGrid.nanos());
    }

    /** JMH gives no error for a single iteration (NaN): printed as 0. */
    private static double error(Figure f) {
        return Double.isNaN(f.error()) ? 0 : f.error();
    }
}
