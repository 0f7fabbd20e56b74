package io.finegrid.platform;

import io.finegrid.jobs.FineGridJob;
import io.finegrid.model.config.ConfigException;
import io.finegrid.testkit.Endpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code finegrid up [--config DIR]} and {@code finegrid demo}: run until Ctrl-C, then stop everything. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !(args[0].equals("up") || args[0].equals("demo"))) {
            System.err.println("usage: finegrid up [--config DIR] | finegrid demo");
            System.exit(2);
        }
        boolean demo = args[0].equals("demo");
        Path home = Path.of(arg(args, "--home", ".fg")).toAbsolutePath();
        Path config = Path.of(arg(args, "--config", "demo")).toAbsolutePath();
        Files.createDirectories(home);
        Platform.Settings s = new Platform.Settings(Endpoints.fromEnvironment(), config, home.resolve("data"),
                Integer.parseInt(env("FG_HTTP_PORT", "8080")), apiToken(home), env("FG_INFLUX_MODE", "auto"), 2,
                "fg-jobs", FineGridJob.Options.defaults());
        Platform platform;
        try {
            platform = Platform.start(s).awaitRunning(Duration.ofMinutes(3));
        } catch (ConfigException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(1);
            return;
        }
        io.finegrid.simulators.run.Simulation simulator = demo ? demoSimulation(s, platform, config) : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nFineGrid stopping ...");
            if (simulator != null) {
                try {
                    simulator.close();
                } catch (Exception e) {
                    System.err.println("simulator: " + e);
                }
            }
            platform.close();
            System.out.println("FineGrid stopped.");
            stopped.countDown();
        }, "fg-stop"));
        System.out.println("\nFineGrid is up.\n" + platform.describe());
        if (demo) {
            System.out.println("""
                      console            http://127.0.0.1:%d/console/  (log in with FG_API_TOKEN above)
                    Simulating community '%s' (%d devices) with the faults of demo/scenario.yaml: wp-B01-1 loses
                    pressure after 15 s, pm-B02-1 overloads after 60 s, a lift traps a passenger at 2 min, wp-B03-1
                    goes silent at 3 min, residents of B04 report no water from 5 min, fire in B02 at 6 min.""".formatted(
                    platform.httpPort(), platform.config().community().community(),
                    platform.config().community().devices().size()));
        }
        System.out.println("Ctrl-C stops everything.");
        stopped.await();
    }

    /**
     * The demo community lives on for as long as the demo runs (30 days of trace, in real time),
     * with the faults of demo/scenario.yaml in its first ten minutes.
     */
    static io.finegrid.simulators.run.Simulation demoSimulation(Platform.Settings s, Platform platform, Path config)
            throws IOException {
        io.finegrid.simulators.scenario.Scenario faults = io.finegrid.simulators.scenario.Scenario.read(
                config.resolve("scenario.yaml"));
        io.finegrid.simulators.scenario.Scenario life = new io.finegrid.simulators.scenario.Scenario(faults.name(),
                Duration.ofDays(30).toMillis(), faults.reportsPerHourPer1000(), faults.inject(), faults.expect());
        io.finegrid.simulators.run.Simulation sim = new io.finegrid.simulators.run.Simulation(
                new io.finegrid.simulators.trace.TraceGenerator(platform.config(), life, 42, System.currentTimeMillis()),
                new io.finegrid.simulators.publish.Pacer(1),
                new io.finegrid.simulators.publish.Connections(s.endpoints().mqttUrl(), "fg-demo",
                        io.finegrid.simulators.publish.Connections.Mode.SHARED, 1, 30_000), null);
        Thread t = new Thread(() -> {
            try {
                sim.run("demo", 0, false);
            } catch (Exception e) {
                System.err.println("demo simulator stopped: " + e);
            }
        }, "fg-demo-simulator");
        t.setDaemon(true);
        t.start();
        return sim;
    }

    /** FG_API_TOKEN, or the one generated at the first start and kept in the home directory. */
    private static String apiToken(Path home) throws IOException {
        String t = System.getenv("FG_API_TOKEN");
        if (t != null && !t.isBlank()) {
            return t;
        }
        Path f = home.resolve("api-token");
        if (Files.exists(f)) {
            return Files.readString(f).trim();
        }
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        String token = HexFormat.of().formatHex(b);
        Files.writeString(f, token + "\n");
        f.toFile().setReadable(false, false);
        f.toFile().setReadable(true, true);
        return token;
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 1; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
