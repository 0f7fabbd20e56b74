package io.finegrid.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker in its own JVM, from the Maven jars listed at build time
 * (the broker's dependencies never touch the caller's classpath).
 */
public final class KafkaBroker {
    private KafkaBroker() {}

    public static ServiceProcess start(HostPort at, Path dir) {
        Path props = dir.resolve("server.properties");
        try {
            Files.createDirectories(dir);
            if (Files.exists(props)) {
                // A restart: the same ports and identity as before, so the log and quorum state still fit.
                return run(at, dir, props);
            }
            HostPort controller = HostPort.freeLoopback();
            Files.writeString(props, String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=1",
                    "controller.quorum.voters=1@" + controller,
                    "listeners=PLAINTEXT://" + at + ",CONTROLLER://" + controller,
                    "advertised.listeners=PLAINTEXT://" + at,
                    "controller.listener.names=CONTROLLER",
                    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                    "log.dirs=" + dir.resolve("logs"),
                    "num.partitions=4",
                    // One node: internal topics cannot have more replicas, or consumers hang.
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    "auto.create.topics.enable=true",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return run(at, dir, props);
    }

    private static ServiceProcess run(HostPort at, Path dir, Path props) {
        String cp = classpath();
        List<String> jvm = List.of(javaBinary(), "-Xms128m", "-Xmx512m", "-XX:+UseParallelGC",
                "-Dkafka.logs.dir=" + dir, "-cp", cp);
        if (!Files.exists(dir.resolve("logs").resolve("meta.properties"))) {
            List<String> format = new ArrayList<>(jvm);
            format.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(),
                    "-c", props.toString()));
            ServiceProcess.runToCompletion("kafka-format", format, dir, java.util.Map.of());
        }
        List<String> run = new ArrayList<>(jvm);
        run.addAll(List.of("kafka.Kafka", props.toString()));
        return ServiceProcess.start("kafka", run, dir).awaitReady(at::listening, Duration.ofSeconds(90));
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classpath() {
        try (InputStream in = KafkaBroker.class.getResourceAsStream("kafka-broker.classpath")) {
            if (in == null) {
                throw new IllegalStateException("kafka-broker.classpath missing: build the testkit module with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
