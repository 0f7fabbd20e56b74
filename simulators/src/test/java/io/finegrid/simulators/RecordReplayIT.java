package io.finegrid.simulators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.finegrid.simulators.publish.Connections;
import io.finegrid.simulators.publish.Pacer;
import io.finegrid.simulators.record.Recorder;
import io.finegrid.simulators.run.Simulation;
import io.finegrid.simulators.scenario.Scenario;
import io.finegrid.simulators.trace.Message;
import io.finegrid.simulators.trace.Rebase;
import io.finegrid.simulators.trace.TraceFile;
import io.finegrid.simulators.trace.TraceGenerator;
import io.finegrid.testkit.HostPort;
import io.finegrid.testkit.Mosquitto;
import io.finegrid.testkit.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Record what crosses a real mosquitto, replay it, record again: the same messages, in each device's order. */
class RecordReplayIT {
    @Test
    void aRecordedTraceReplaysToTheSameMessagesInEachDevicesOrder() throws Exception {
        Path dir = Files.createTempDirectory("fg-record");
        HostPort at = HostPort.freeLoopback();
        try (ServiceProcess broker = Mosquitto.start(at, dir.resolve("broker"))) {
            String url = "tcp://" + at;
            Scenario s = Scenario.parse("s.yaml", "duration: 3m\nresidents: {reportsPerHourPer1000: 30}\n");
            List<Message> generated = new ArrayList<>();
            new TraceGenerator(TraceGeneratorTest.CONFIG, s, 5, 1_790_000_000_000L).forEachRemaining(generated::add);

            Path first = dir.resolve("first.jsonl.gz");
            try (Recorder r = new Recorder(url, "sim", new TraceFile.Writer(first))) {
                play(url, generated.iterator(), Connections.Mode.DEVICE);
                await(() -> r.recorded() >= generated.size());
            }
            List<Message> recorded = read(first);
            assertEquals(bodies(generated), bodies(recorded), "every message arrived, each device's in its order");

            Path second = dir.resolve("second.jsonl.gz");
            try (Recorder r = new Recorder(url, "sim", new TraceFile.Writer(second))) {
                play(url, recorded.stream().map(m -> Rebase.shift(m, 0, 0)).iterator(), Connections.Mode.SHARED);
                await(() -> r.recorded() >= recorded.size());
            }
            assertEquals(bodies(generated), bodies(read(second)), "the replay of the recording");
        }
    }

    private static void play(String url, java.util.Iterator<Message> messages, Connections.Mode mode) throws Exception {
        try (Simulation run = new Simulation(messages, Pacer.parse("max"), new Connections(url, "fg-t-" + System.nanoTime(),
                mode, 2, 30_000), null)) {
            Simulation.Result r = run.run("t", 0, false);
            assertEquals(r.sent(), r.acked());
        }
    }

    private static List<Message> read(Path f) throws Exception {
        List<Message> out = new ArrayList<>();
        TraceFile.read(f).forEachRemaining(out::add);
        return out;
    }

    /** Per topic, the payloads in order: what a device (or the residents' topic) said, and in which order. */
    private static Map<String, List<String>> bodies(List<Message> messages) {
        return messages.stream().collect(Collectors.groupingBy(Message::topic, Collectors.mapping(Message::payload,
                Collectors.toList())));
    }

    private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(300);
    }

}
