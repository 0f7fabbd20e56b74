package io.finegrid.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's mosquitto with a private configuration. Its defaults lose messages under load
 * (1000 queued, 20 in flight) and on a crash (autosave every 30 min): see STACK.md.
 */
public final class Mosquitto {
    private Mosquitto() {}

    public static ServiceProcess start(HostPort at, Path dir) {
        return start(at, dir, List.of("listener " + at.port() + " " + at.host(), "allow_anonymous true"));
    }

    /** With the given listener and security lines (TLS files, password_file, acl_file, ...). */
    public static ServiceProcess start(HostPort at, Path dir, List<String> listenerConfig) {
        String binary = Binaries.find("mosquitto", "/usr/sbin/mosquitto", "/usr/bin/mosquitto");
        Path conf = dir.resolve("mosquitto.conf");
        try {
            Files.createDirectories(dir.resolve("data"));
            List<String> lines = new java.util.ArrayList<>(listenerConfig);
            lines.addAll(List.of(
                    // Started as root, mosquitto drops to user 'mosquitto', which cannot write our
                    // private directories: persistence would fail ("Permission denied") silently.
                    "user " + System.getProperty("user.name"),
                    "persistence true",
                    "persistence_location " + dir.resolve("data") + "/",
                    // Save on every change, at most once a second: a kill -9 loses at most that.
                    "autosave_on_changes false",
                    "autosave_interval 1",
                    // Queue without bound for offline persistent sessions; the gateway bounds what it takes.
                    "max_queued_messages 0",
                    "max_inflight_messages 1000",
                    "set_tcp_nodelay true",
                    "persistent_client_expiration 7d",
                    "log_dest stdout",
                    "log_type error",
                    "log_type warning",
                    "log_type notice",
                    ""));
            Files.writeString(conf, String.join("\n", lines));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ServiceProcess.start("mosquitto", List.of(binary, "-c", conf.toString()), dir)
                .awaitReady(at::listening, Duration.ofSeconds(15));
    }
}
