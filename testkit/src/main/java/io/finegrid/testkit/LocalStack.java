package io.finegrid.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three services FineGrid needs (mosquitto, Kafka, InfluxDB), started as real processes without
 * Docker. Tests share one stack per JVM on free ports; {@code finegrid up} starts only what is not
 * already reachable at the configured endpoints.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    private static LocalStack shared;

    private final Endpoints endpoints;
    private final List<ServiceProcess> started;

    private LocalStack(Endpoints endpoints, List<ServiceProcess> started) {
        this.endpoints = endpoints;
        this.started = started;
    }

    /** One stack for the whole test JVM, on free ports in a temp directory, stopped at JVM exit. */
    public static synchronized LocalStack shared() {
        if (shared == null) {
            ScratchDir dir = ScratchDir.create("fg-stack-");
            LocalStack stack = onFreePorts(dir.path());
            shared = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stack.close();
                dir.close();
            }, "fg-stack-stop"));
        }
        return shared;
    }

    /** A fresh stack on free loopback ports in {@code scratch}, saying where on stderr (benchmarks). */
    public static LocalStack onFreePorts(ScratchDir scratch) {
        System.err.println("starting mosquitto, Kafka and InfluxDB in " + scratch + " ...");
        return onFreePorts(scratch.resolve("stack"));
    }

    /** A fresh stack of its own (benchmarks, isolated tests) on free loopback ports in {@code dir}. */
    public static LocalStack onFreePorts(Path dir) {
        Endpoints e = new Endpoints("tcp://" + HostPort.freeLoopback(), HostPort.freeLoopback().toString(),
                "http://" + HostPort.freeLoopback(), "finegrid");
        return startMissing(e, dir, 4);
    }

    /**
     * Starts, in {@code dataDir}, each service that does not answer at its endpoint, creates the
     * Kafka topics and the InfluxDB database when missing.
     */
    public static LocalStack startMissing(Endpoints e, Path dataDir, int partitions) {
        HostPort mqtt = HostPort.parse(e.mqttUrl());
        HostPort kafka = HostPort.parse(e.kafkaBootstrap());
        HostPort influx = HostPort.parse(e.influxUrl());
        List<CompletableFuture<ServiceProcess>> starting = new ArrayList<>();
        if (!mqtt.listening()) {
            starting.add(CompletableFuture.supplyAsync(() -> Mosquitto.start(mqtt, dataDir.resolve("mosquitto"))));
        } else {
            LOG.info("using the MQTT broker already at {}", mqtt);
        }
        if (!kafka.listening()) {
            starting.add(CompletableFuture.supplyAsync(() -> KafkaBroker.start(kafka, dataDir.resolve("kafka"))));
        } else {
            LOG.info("using the Kafka broker already at {}", kafka);
        }
        if (!influx.listening()) {
            starting.add(CompletableFuture.supplyAsync(() -> Influx.start(influx, dataDir.resolve("influxdb"))));
        } else {
            LOG.info("using the InfluxDB server already at {}", influx);
        }
        List<ServiceProcess> started = new ArrayList<>();
        RuntimeException failure = null;
        for (CompletableFuture<ServiceProcess> f : starting) {
            try {
                started.add(f.join());
            } catch (CompletionException ex) {
                failure = ex.getCause() instanceof RuntimeException r ? r : new IllegalStateException(ex.getCause());
            }
        }
        LocalStack stack = new LocalStack(e, Collections.unmodifiableList(started));
        if (failure != null) {
            stack.close();
            throw failure;
        }
        KafkaTopics.ensure(e.kafkaBootstrap(), partitions);
        Influx.query(e.influxUrl(), null, "CREATE DATABASE \"" + e.influxDb() + "\"");
        return stack;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    public List<ServiceProcess> started() {
        return started;
    }

    @Override
    public void close() {
        // Reverse order of dependency: nothing here depends on another, but stop Kafka last so
        // clients of the other two still flushing to it are not cut off first.
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }
}
