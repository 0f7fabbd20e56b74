package io.finegrid.simulators;

import io.finegrid.model.config.ConfigException;
import io.finegrid.model.config.Durations;
import io.finegrid.model.config.FineGridConfig;
import io.finegrid.simulators.check.ScenarioCheck;
import io.finegrid.simulators.publish.Connections;
import io.finegrid.simulators.publish.Pacer;
import io.finegrid.simulators.record.Recorder;
import io.finegrid.simulators.run.Simulation;
import io.finegrid.simulators.scenario.Scenario;
import io.finegrid.simulators.trace.Message;
import io.finegrid.simulators.trace.Rebase;
import io.finegrid.simulators.trace.TraceFile;
import io.finegrid.simulators.trace.TraceGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code finegrid simulate | record | replay}. Endpoints from FG_MQTT_URL and FG_KAFKA_BOOTSTRAP.
 *
 * <pre>
 * simulate [--config DIR] [--scenario FILE] [--seed N] [--duration D] [--speed N|max] [--start EPOCH_MS]
 *          [--mode shared|device|gateway] [--connections N] [--batch D] [--record FILE] [--no-publish] [--check]
 * record   --out FILE [--community C] [--duration D]
 * replay   TRACE [--speed N|max] [--rebase] [--loop N] [--mode shared|device|gateway] [--connections N] [--batch D]
 * </pre>
 */
public final class SimulatorMain {
    private SimulatorMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        Map<String, String> o = options(args);
        String mqtt = env("FG_MQTT_URL", "tcp://127.0.0.1:1883");
        int code = switch (args[0]) {
            case "simulate" -> simulate(o, mqtt);
            case "record" -> record(o, mqtt);
            case "replay" -> replay(o, mqtt);
            default -> {
                usage();
                yield 2;
            }
        };
        System.exit(code);
    }

    private static int simulate(Map<String, String> o, String mqtt) throws Exception {
        FineGridConfig config;
        Scenario scenario;
        try {
            config = FineGridConfig.load(Path.of(o.getOrDefault("config", "demo")));
            scenario = o.containsKey("scenario") ? Scenario.read(Path.of(o.get("scenario")))
                    : Scenario.quiet(duration(o.getOrDefault("duration", "10m")));
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            return 2;
        }
        if (o.containsKey("duration") && o.containsKey("scenario")) {
            scenario = new Scenario(scenario.name(), duration(o.get("duration")).toMillis(), scenario.reportsPerHourPer1000(),
                    scenario.inject(), scenario.expect());
        }
        long seed = Long.parseLong(o.getOrDefault("seed", "1"));
        long start = o.containsKey("start") ? Long.parseLong(o.get("start")) : System.currentTimeMillis();
        Pacer pacer = Pacer.parse(o.getOrDefault("speed", "1"));
        long devices = config.community().devicesById().size();
        System.err.printf(Locale.ROOT, "simulating %s: %,d devices, scenario %s, %s, seed %d, speed %s%n",
                config.community().community(), devices, scenario.name(), Durations.format(Duration.ofMillis(
                        scenario.durationMs())), seed, o.getOrDefault("speed", "1"));
        Iterator<Message> trace = new TraceGenerator(config, scenario, seed, start);
        Connections broker = o.containsKey("no-publish") ? null : connections(o, mqtt, "fg-sim-" + config.community().community());
        TraceFile.Writer writer = o.containsKey("record") ? new TraceFile.Writer(Path.of(o.get("record"))) : null;
        long runMs = scenario.durationMs();
        long expected = config.community().devicesById().values().stream()
                .mapToLong(d -> runMs / Math.max(1, d.interval().toMillis())).sum();
        Simulation.Result r;
        try (Simulation run = new Simulation(trace, pacer, broker, writer)) {
            Runtime.getRuntime().addShutdownHook(new Thread(run::stop));
            r = run.run("simulate", expected, true);
        }
        System.err.printf(Locale.ROOT, "done: %,d messages in %.1f s (%,.0f/s), acknowledged %,d, failed %,d, max lag %,d ms%n",
                r.played(), r.seconds(), r.played() / Math.max(r.seconds(), 1e-3), r.acked(), r.failed(), r.maxLagMs());
        if (!o.containsKey("check")) {
            return r.failed() == 0 ? 0 : 1;
        }
        List<ScenarioCheck.Verdict> verdicts = ScenarioCheck.verify(env("FG_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
                config.community().community(), start, scenario.expect(), Duration.ofSeconds(
                        Long.parseLong(o.getOrDefault("check-timeout", "120"))));
        verdicts.forEach(v -> System.out.println(v.line(start)));
        long missing = verdicts.stream().filter(v -> !v.met()).count();
        System.out.printf("check: %d of %d expected alerts fired in their windows%n", verdicts.size() - missing,
                verdicts.size());
        return missing == 0 ? 0 : 1;
    }

    private static int record(Map<String, String> o, String mqtt) throws Exception {
        if (!o.containsKey("out")) {
            System.err.println("record needs --out FILE");
            return 2;
        }
        long until = o.containsKey("duration") ? System.currentTimeMillis() + duration(o.get("duration")).toMillis()
                : Long.MAX_VALUE;
        try (Recorder r = new Recorder(mqtt, o.get("community"), new TraceFile.Writer(Path.of(o.get("out"))))) {
            Thread main = Thread.currentThread();
            Runtime.getRuntime().addShutdownHook(new Thread(main::interrupt));
            System.err.println("recording " + (o.containsKey("community") ? "community " + o.get("community") : "every community")
                    + " to " + o.get("out") + " (Ctrl-C stops)");
            try {
                while (System.currentTimeMillis() < until) {
                    Thread.sleep(1000);
                    System.err.printf(Locale.ROOT, "\rrecorded %,d messages   ", r.recorded());
                }
            } catch (InterruptedException e) {
                // Ctrl-C: finish the file
            }
            System.err.printf(Locale.ROOT, "%nrecorded %,d messages (%d could not be written)%n", r.recorded(), r.failed());
        }
        return 0;
    }

    private static int replay(Map<String, String> o, String mqtt) throws Exception {
        String file = o.get("_1");
        if (file == null) {
            System.err.println("replay needs a trace file");
            return 2;
        }
        int loops = Integer.parseInt(o.getOrDefault("loop", "1"));
        boolean rebase = o.containsKey("rebase") || loops > 1;
        long failed = 0;
        try (Connections broker = connections(o, mqtt, "fg-replay")) {
            for (int loop = 0; loop < loops; loop++) {
                Iterator<Message> raw = TraceFile.read(Path.of(file));
                if (!raw.hasNext()) {
                    System.err.println("empty trace");
                    return 1;
                }
                Message first = raw.next();
                long delta = rebase ? System.currentTimeMillis() - first.at() : 0;
                long seqOffset = loop * 1_000_000_000L;
                Iterator<Message> shifted = new Iterator<>() {
                    Message head = first;

                    @Override
                    public boolean hasNext() {
                        return head != null || raw.hasNext();
                    }

                    @Override
                    public Message next() {
                        Message m = head != null ? head : raw.next();
                        head = null;
                        return Rebase.shift(m, delta, seqOffset);
                    }
                };
                Simulation.Result r = new Simulation(shifted, Pacer.parse(o.getOrDefault("speed", "1")), broker, null)
                        .run("replay " + (loop + 1), 0, true);
                failed += r.failed();
                System.err.printf(Locale.ROOT, "replay %d: %,d messages in %.1f s, acknowledged %,d%n", loop + 1, r.played(),
                        r.seconds(), r.acked());
            }
        }
        return failed == 0 ? 0 : 1;
    }

    static Connections connections(Map<String, String> o, String mqtt, String prefix) {
        Connections.Mode mode = Connections.Mode.valueOf(o.getOrDefault("mode", "shared").toUpperCase(Locale.ROOT));
        return new Connections(mqtt, prefix, mode, Integer.parseInt(o.getOrDefault("connections", "4")),
                duration(o.getOrDefault("batch", "30s")).toMillis());
    }

    private static Duration duration(String s) {
        return Durations.parse(s).orElseThrow(() -> new IllegalArgumentException("'" + s + "' is not a duration such as 90s"));
    }

    /** {@code --key value} and {@code --flag}; bare words as _1, _2. */
    static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        int bare = 0;
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String key = args[i].substring(2);
                if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    m.put(key, args[++i]);
                } else {
                    m.put(key, "");
                }
            } else {
                m.put("_" + ++bare, args[i]);
            }
        }
        return m;
    }

    private static void usage() {
        System.err.println("""
                usage: finegrid simulate [--config DIR] [--scenario FILE] [--seed N] [--duration D] [--speed N|max]
                                         [--mode shared|device|gateway] [--connections N] [--batch D]
                                         [--record FILE] [--no-publish] [--check] [--start EPOCH_MS]
                       finegrid record --out FILE [--community C] [--duration D]
                       finegrid replay TRACE [--speed N|max] [--rebase] [--loop N] [--mode shared|device|gateway]""");
        System.exit(2);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
