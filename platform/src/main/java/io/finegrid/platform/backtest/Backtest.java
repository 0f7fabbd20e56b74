package io.finegrid.platform.backtest;

import io.finegrid.jobs.FineGridJob;
import io.finegrid.jobs.input.DeviceInput;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.codec.Decoded;
import io.finegrid.model.codec.Normalized;
import io.finegrid.model.codec.PayloadCodec;
import io.finegrid.model.config.ConfigException;
import io.finegrid.model.config.FineGridConfig;
import io.finegrid.testkit.ScratchDir;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.CloseableIterator;

/**
 * {@code finegrid backtest --rules NEW.yaml --trace FILE [--config DIR]}: runs the detection job
 * twice over a recorded trace on a local Flink MiniCluster, with the current rules of DIR and with
 * the new rules, and prints which alert transitions only one of them produces.
 */
public final class Backtest {
    private Backtest() {}

    /** Transitions as "fingerprint state startsAt updatedAt", sorted. */
    public record Outcome(TreeSet<String> current, TreeSet<String> proposed, int messages, int rejected) {}

    public static void main(String[] args) throws Exception {
        String rules = arg(args, "--rules");
        String trace = arg(args, "--trace");
        if (rules == null || trace == null) {
            System.err.println("usage: finegrid backtest --rules NEW.yaml --trace FILE [--config DIR]");
            System.exit(2);
        }
        Path config = Path.of(arg(args, "--config") == null ? "demo" : arg(args, "--config"));
        Outcome o;
        try {
            o = run(ConfigTexts.read(config), Files.readString(Path.of(rules)), Trace.read(Path.of(trace)));
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(1);
            return;
        }
        print(o);
    }

    public static Outcome run(ConfigTexts current, String newRules, Trace trace) throws Exception {
        ConfigTexts proposed = new ConfigTexts(current.community(), newRules, current.services(), current.responsibilities());
        proposed.parse(); // rules.yaml errors name file and line before anything runs
        FineGridConfig config = current.parse();
        long end = Long.MIN_VALUE;
        List<DeviceInput> inputs = new ArrayList<>();
        int rejected = 0;
        // Validate as the gateway would, but against the trace's own time: a recording is allowed to be old.
        long newest = newestTs(trace);
        PayloadCodec codec = new PayloadCodec(Clock.fixed(Instant.ofEpochMilli(newest), ZoneOffset.UTC),
                config.community().directory());
        for (Trace.Message m : trace.messages()) {
            Decoded d = codec.decode(m.topic(), m.payload());
            rejected += d.rejected().size();
            for (Normalized n : d.accepted()) {
                DeviceInput in = toInput(n);
                if (in != null) {
                    inputs.add(in);
                    end = Math.max(end, in.ts);
                }
            }
        }
        return new Outcome(alerts(current, inputs, end), alerts(proposed, inputs, end), trace.messages().size(), rejected);
    }

    private static TreeSet<String> alerts(ConfigTexts config, List<DeviceInput> inputs, long end) throws Exception {
        // Parallelism 1: the trace order is each device's order, which the rules rely on; with more
        // subtasks between the reader and the keyBy, elements would be dealt round robin.
        try (ScratchDir checkpoints = ScratchDir.create("fg-backtest")) {
            return alerts(config, inputs, end, io.finegrid.platform.LocalFlink.forRun(1, checkpoints.path()));
        }
    }

    private static TreeSet<String> alerts(ConfigTexts config, List<DeviceInput> inputs, long end,
                                          StreamExecutionEnvironment env) throws Exception {
        FineGridJob job = new FineGridJob(
                (e, wm) -> e.fromData(inputs, TypeInformation.of(DeviceInput.class)).assignTimestampsAndWatermarks(wm),
                new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>(), config,
                new FineGridJob.Options(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(10),
                        Duration.ofSeconds(5)));
        TreeSet<String> out = new TreeSet<>();
        try (CloseableIterator<AlertTransition> it = job.build(env).executeAndCollect("backtest")) {
            while (it.hasNext()) {
                AlertTransition a = it.next();
                // At the end of a finite trace event time jumps to infinity: what that alone decides
                // (every device "going offline" after the last message) is not a finding.
                if (a.updatedAt() <= end) {
                    out.add(String.format(Locale.ROOT, "%s %s %s %s", a.fingerprint(), a.state().wire(),
                            Instant.ofEpochMilli(a.startsAt()), Instant.ofEpochMilli(a.updatedAt())));
                }
            }
        }
        return out;
    }

    private static long newestTs(Trace trace) {
        long newest = 0;
        for (Trace.Message m : trace.messages()) {
            String s = new String(m.payload(), java.nio.charset.StandardCharsets.UTF_8);
            java.util.regex.Matcher mt = java.util.regex.Pattern.compile("\"ts\"\\s*:\\s*(\\d{10,16})").matcher(s);
            while (mt.find()) {
                newest = Math.max(newest, Long.parseLong(mt.group(1)));
            }
        }
        return newest == 0 ? System.currentTimeMillis() : newest;
    }

    private static DeviceInput toInput(Normalized n) {
        if (n instanceof Normalized.Reading r) {
            return DeviceInput.of(r.value());
        }
        if (n instanceof Normalized.Event e) {
            return DeviceInput.of(e.value());
        }
        if (n instanceof Normalized.Status s) {
            return DeviceInput.of(s.value());
        }
        return null; // service requests are not device inputs
    }

    static void print(Outcome o) {
        TreeSet<String> added = new TreeSet<>(o.proposed());
        added.removeAll(o.current());
        TreeSet<String> removed = new TreeSet<>(o.current());
        removed.removeAll(o.proposed());
        System.out.printf(Locale.ROOT, "backtest over %,d messages (%,d rejected as the gateway would)%n",
                o.messages(), o.rejected());
        System.out.printf(Locale.ROOT, "  current rules: %d transitions, new rules: %d%n", o.current().size(), o.proposed().size());
        System.out.printf(Locale.ROOT, "  only with the new rules (%d):%n", added.size());
        added.forEach(a -> System.out.println("    + " + a));
        System.out.printf(Locale.ROOT, "  only with the current rules (%d):%n", removed.size());
        removed.forEach(a -> System.out.println("    - " + a));
        System.out.printf(Locale.ROOT, "  the same under both: %d%n", o.current().size() - removed.size());
    }

    private static String arg(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }
}
