package io.finegrid.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server running as a child process, its output in a log file. Stopping sends SIGTERM, waits,
 * then kills the whole process tree: nothing is left behind.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);
    private final String name;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    public static ServiceProcess start(String name, List<String> command, Path workDir) {
        return start(name, command, workDir, java.util.Map.of());
    }

    public static ServiceProcess start(String name, List<String> command, Path workDir, java.util.Map<String, String> env) {
        Path log = workDir.resolve(name + ".log");
        try {
            Files.createDirectories(workDir);
            List<String> cmd = new java.util.ArrayList<>();
            // Own session and process group: a Ctrl-C in the terminal reaches only the launcher,
            // which then stops the servers in order instead of all dying at once.
            if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
                cmd.add("/usr/bin/setsid");
            }
            cmd.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            LOG.info("started {} (pid {}), log {}", name, p.pid(), log);
            ServiceProcess sp = new ServiceProcess(name, p, log);
            // The servers run in their own session, so they would outlive a JVM stopped by a signal.
            // Give the owner's orderly shutdown time to stop them first, then stop what is left.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (!sp.waitFor(Duration.ofSeconds(20))) {
                    sp.close();
                }
            }, "fg-reap-" + name));
            return sp;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }

    /** Runs a short-lived command (a formatter, a CLI) to completion; its output, or a failure with it. */
    public static String runToCompletion(String name, List<String> command, Path dir, java.util.Map<String, String> env) {
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve(name + ".log");
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            pb.environment().putAll(env);
            int rc = pb.start().waitFor();
            String out = Files.readString(log);
            if (rc != 0) {
                throw new IllegalStateException(name + " exited with " + rc + ":\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits until {@code ready} holds; fails with the tail of the log if the process dies or time runs out. */
    public ServiceProcess awaitReady(BooleanSupplier ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (ready.getAsBoolean()) {
                return this;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + tail());
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException(name + " not ready after " + timeout.toSeconds() + " s:\n" + tail());
    }

    public boolean alive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Kills without a chance to clean up, as a crash would. */
    public void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(Duration.ofSeconds(20))) {
            LOG.warn("{} did not stop in 20 s; killing it", name);
            kill();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    private boolean waitFor(Duration d) {
        try {
            return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
