package io.finegrid.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A real multi-process Flink session cluster (one JobManager, one TaskManager) from Maven jars:
 * flink-dist is not on Maven Central, so {@code deploy/flink-session} lists the jars. Jobs are
 * submitted with Flink's own CLI, as an operator would.
 */
public final class FlinkSession implements AutoCloseable {
    /** The JVM flags flink-dist passes on Java 17 (env.java.opts.all). */
    static final List<String> JAVA17_OPTS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final Path dir;
    private final String classpath;
    private final int restPort;
    private final List<ServiceProcess> processes = new ArrayList<>();

    private FlinkSession(Path dir, String classpath, int restPort) {
        this.dir = dir;
        this.classpath = classpath;
        this.restPort = restPort;
    }

    /** JobManager starts tried before giving up when a port picked for it was taken (see {@link #start}). */
    static final int PORT_ATTEMPTS = 3;

    /**
     * Starts the cluster. Its ports are picked free before the JobManager binds them, so another
     * process can take one in between (seen once in CI: "Could not start rest endpoint"); the
     * JobManager then exits with a BindException and the start is tried again on new ports.
     */
    public static FlinkSession start(Path dir, int slots) {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(dir, slots);
            } catch (PortTaken e) {
                if (attempt == PORT_ATTEMPTS) {
                    throw (IllegalStateException) e.getCause();
                }
            }
        }
    }

    /** The JobManager could not bind a port picked for it. */
    private static final class PortTaken extends RuntimeException {
        PortTaken(IllegalStateException cause) {
            super(cause);
        }
    }

    private static FlinkSession startOnce(Path dir, int slots) {
        String cp = readClasspath();
        int rest = HostPort.freeLoopback().port();
        FlinkSession s = new FlinkSession(dir, cp, rest);
        try {
            s.writeConfig(slots);
            ServiceProcess jobManager = ServiceProcess.start("flink-jobmanager", s.java(List.of("-Xmx512m"),
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", "--configDir",
                    s.conf().toString()), dir);
            s.processes.add(jobManager);
            try {
                jobManager.awaitReady(() -> s.restAnswers("/overview"), Duration.ofSeconds(90));
            } catch (IllegalStateException e) {
                throw jobManager.alive() || !logMentions(jobManager.log(), "java.net.BindException") ? e : new PortTaken(e);
            }
            s.processes.add(s.startTaskManager());
            s.awaitSlots(slots, Duration.ofSeconds(90));
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** SIGKILLs the newest TaskManager, as a crashed machine would vanish. */
    public void killTaskManager() {
        ServiceProcess tm = processes.remove(processes.size() - 1);
        tm.kill();
    }

    /** Starts another TaskManager and waits until its slots are registered. */
    public void addTaskManager(int slots) {
        processes.add(startTaskManager());
        awaitSlots(slots, Duration.ofSeconds(90));
    }

    private ServiceProcess startTaskManager() {
        // What taskmanager.sh does: ask Flink for the memory flags and dynamic properties first.
        String out = runToCompletion("tm-params", java(List.of("-Xmx128m"),
                "org.apache.flink.runtime.util.bash.BashJavaUtils", "GET_TM_RESOURCE_PARAMS", "--configDir",
                conf().toString()));
        List<String> lines = out.lines().filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length())).toList();
        if (lines.size() < 2) {
            throw new IllegalStateException("BashJavaUtils gave no TaskManager parameters:\n" + out);
        }
        List<String> jvm = Arrays.asList(lines.get(0).trim().split("\\s+"));
        List<String> args = new ArrayList<>(List.of("--configDir", conf().toString()));
        args.addAll(Arrays.asList(lines.get(1).trim().split("\\s+")));
        return ServiceProcess.start("flink-taskmanager-" + processes.size(), java(jvm,
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", args.toArray(String[]::new)), dir);
    }

    /** Submits a job jar detached through Flink's CLI; returns the CLI's output (it names the JobID). */
    public String submit(Path jar, String... programArgs) {
        List<String> cli = new ArrayList<>(List.of("run", "-m", "127.0.0.1:" + restPort, "-d", jar.toString()));
        cli.addAll(Arrays.asList(programArgs));
        return runToCompletion("flink-run", java(List.of("-Xmx256m"), "org.apache.flink.client.cli.CliFrontend",
                cli.toArray(String[]::new)));
    }

    /** The JSON of {@code /jobs/overview}: names and states of the cluster's jobs. */
    public String jobsOverview() {
        return rest("/jobs/overview");
    }

    public int restPort() {
        return restPort;
    }

    private void writeConfig(int slots) {
        try {
            Files.createDirectories(conf());
            Files.writeString(conf().resolve("config.yaml"), String.join("\n",
                    "jobmanager: {bind-host: 127.0.0.1, rpc: {address: 127.0.0.1, port: " + HostPort.freeLoopback().port()
                            + "}, memory: {process: {size: 768m}}}",
                    "taskmanager: {bind-host: 127.0.0.1, host: 127.0.0.1, numberOfTaskSlots: " + slots
                            + ", memory: {process: {size: 1024m}, managed: {fraction: 0.05}}}",
                    "rest: {address: 127.0.0.1, bind-address: 127.0.0.1, port: " + restPort + "}",
                    "blob: {server: {port: '0'}}",
                    "execution: {checkpointing: {dir: \"" + dir.resolve("checkpoints").toUri() + "\"}}",
                    "restart-strategy: {type: fixed-delay, fixed-delay: {attempts: 1000, delay: 2 s}}",
                    "heartbeat: {interval: 2000, timeout: 10000}",
                    ""));
            Files.writeString(conf().resolve("log4j.properties"), String.join("\n",
                    "rootLogger.level = INFO", "rootLogger.appenderRef.console.ref = console",
                    "appender.console.type = Console", "appender.console.name = console",
                    "appender.console.layout.type = PatternLayout",
                    "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %-5level %c{1} - %msg%n", ""));
            Files.writeString(conf().resolve("log4j-cli.properties"), Files.readString(conf().resolve("log4j.properties")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path conf() {
        return dir.resolve("conf");
    }

    private List<String> java(List<String> jvmFlags, String main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(KafkaBroker.javaBinary()));
        cmd.addAll(JAVA17_OPTS);
        cmd.addAll(jvmFlags);
        cmd.add("-Dlog4j.configurationFile=" + conf().resolve("log4j.properties"));
        cmd.addAll(List.of("-cp", classpath, main));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    private String runToCompletion(String name, List<String> command) {
        return ServiceProcess.runToCompletion(name, command, dir, java.util.Map.of("FLINK_CONF_DIR", conf().toString()));
    }

    private void awaitSlots(int slots, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String o = rest("/overview");
            if (o != null && o.matches("(?s).*\"slots-available\"\\s*:\\s*\\d+.*")
                    && o.matches("(?s).*\"taskmanagers\"\\s*:\\s*" + (processes.size() - 1) + "\\b.*")
                    && o.matches("(?s).*\"slots-total\"\\s*:\\s*" + slots + "\\b.*")) {
                return;
            }
            ServiceProcess.sleep(200);
        }
        throw new IllegalStateException("TaskManager did not register in " + timeout.toSeconds() + " s:\n"
                + processes.get(processes.size() - 1).tail());
    }

    private boolean restAnswers(String path) {
        return rest(path) != null;
    }

    private String rest(String path) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + restPort + path)).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean logMentions(Path log, String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static String readClasspath() {
        Path root = Path.of(System.getProperty("fg.project.root", ".")).toAbsolutePath();
        for (Path p = root; p != null; p = p.getParent()) {
            Path f = p.resolve("deploy/flink-session/target/flink-session.classpath");
            if (Files.exists(f)) {
                try {
                    return Files.readString(f).trim();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("deploy/flink-session/target/flink-session.classpath not found under "
                + root + ": build the project with ./mvnw install");
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            processes.get(i).close();
        }
    }
}
