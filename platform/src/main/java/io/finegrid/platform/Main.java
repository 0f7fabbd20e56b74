package io.finegrid.platform;

import io.finegrid.jobs.FineGridJob;
import io.finegrid.model.config.ConfigException;
import io.finegrid.simulators.model.Fault;
import io.finegrid.simulators.publish.CommunitySimulator;
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
        CommunitySimulator simulator = demo ? new CommunitySimulator(s.endpoints().mqttUrl(),
                platform.config().community(), demoFaults(), 42).start() : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nFineGrid stopping ...");
            if (simulator != null) {
                simulator.close();
            }
            platform.close();
            System.out.println("FineGrid stopped.");
            stopped.countDown();
        }, "fg-stop"));
        System.out.println("\nFineGrid is up.\n" + platform.describe());
        if (demo) {
            System.out.println("""
                      console            http://127.0.0.1:%d/console/  (log in with FG_API_TOKEN above)
                    Simulating community '%s' (%d devices). Injected faults: wp-B01-1 loses pressure after 15 s,
                    pm-B02-1 overloads after 60 s: watch fg.alerts and telemetry_1m in InfluxDB.""".formatted(
                    platform.httpPort(), platform.config().community().community(),
                    platform.config().community().devices().size()));
        }
        System.out.println("Ctrl-C stops everything.");
        stopped.await();
    }

    static List<Fault> demoFaults() {
        return List.of(new Fault("wp-B01-1", "pressure_mpa", 0.11, 15_000, 240_000),
                new Fault("pm-B02-1", "power_kw", 205, 60_000, 200_000));
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
