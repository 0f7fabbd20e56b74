package io.finegrid.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.config.FineGridConfig;
import io.finegrid.simulators.check.ScenarioCheck;
import io.finegrid.simulators.publish.Connections;
import io.finegrid.simulators.publish.Pacer;
import io.finegrid.simulators.run.Simulation;
import io.finegrid.simulators.scenario.Scenario;
import io.finegrid.simulators.trace.Message;
import io.finegrid.simulators.trace.Rebase;
import io.finegrid.simulators.trace.TraceFile;
import io.finegrid.simulators.trace.TraceGenerator;
import io.finegrid.testkit.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The simulator against the whole platform on real services: a scenario's expected alerts fire
 * in their windows (what {@code finegrid simulate --check} verifies), and a recorded trace
 * replayed at real time and as fast as possible raises the same alerts at the same event times.
 */
class SimulatorIT {
    static final String RULES = """
            rules:
              - {id: pump-low-pressure, kind: threshold, deviceType: water_pump, metric: pressure_mpa,
                 below: 0.15, clear: 0.18, for: 30s, severity: major, category: water_supply}
              - {id: lift-trapped, kind: event, deviceType: elevator, eventType: fault, codes: [E30],
                 clearOn: fault_cleared, severity: critical, category: water_supply}
              - {id: device-offline, kind: offline, deviceType: water_pump, missed: 3, severity: minor,
                 category: water_supply}
            """;
    static final String SCENARIO = """
            name: pump-lift-silence
            duration: 5m
            residents: {reportsPerHourPer1000: 0}
            inject:
              - {at: 1m, kind: pressure_drop, device: wp-1, metric: pressure_mpa, value: 0.1, for: 2m}
              - {at: 2m, kind: fault_code, device: elv-1, code: E30, clearAfter: 1m}
              - {at: 1m, kind: silent, device: wp-2, for: 3m}
            expect:
              - {rule: pump-low-pressure, device: wp-1, within: [90s, 110s]}
              - {rule: lift-trapped, device: elv-1, within: [2m, 2m]}
              - {rule: device-offline, device: wp-2, within: [80s, 2m]}
            """;

    @Test
    void aScenariosExpectedAlertsFireInTheirWindows() throws Exception {
        String community = "simc";
        try (Platform platform = TestCommunity.start(community, RULES)) {
            FineGridConfig config = platform.config();
            Scenario scenario = Scenario.parse("scenario.yaml", SCENARIO);
            long start = System.currentTimeMillis() - 6 * 60_000; // the whole run lies in the past: published at full speed
            try (Simulation run = new Simulation(new TraceGenerator(config, scenario, 7, start), Pacer.parse("max"),
                    connections("sim"), null)) {
                Simulation.Result r = run.run("simulate", 0, false);
                assertEquals(r.sent(), r.acked(), "every message acknowledged by the broker");
            }
            List<ScenarioCheck.Verdict> verdicts = ScenarioCheck.verify(LocalStack.shared().endpoints().kafkaBootstrap(),
                    community, start, scenario.expect(), Duration.ofSeconds(90));
            verdicts.forEach(v -> System.out.println(v.line(start)));
            assertTrue(verdicts.stream().allMatch(ScenarioCheck.Verdict::met),
                    verdicts.stream().map(v -> v.line(start)).collect(Collectors.joining("; ")));
        }
    }

    @Test
    void aTraceReplayedAtRealTimeAndAtFullSpeedRaisesTheSameAlerts() throws Exception {
        String community = "simr";
        Path trace = Files.createTempDirectory("fg-trace").resolve("trace.jsonl.gz");
        try (Platform platform = TestCommunity.start(community, RULES.substring(0, RULES.indexOf("  - {id: device-offline")))) {
            Scenario scenario = Scenario.parse("replay.yaml", """
                    duration: 70s
                    residents: {reportsPerHourPer1000: 0}
                    inject:
                      - {at: 10s, kind: pressure_drop, device: wp-1, metric: pressure_mpa, value: 0.1, for: 45s}
                      - {at: 20s, kind: fault_code, device: elv-1, code: E30, clearAfter: 30s}
                    """);
            try (TraceFile.Writer w = new TraceFile.Writer(trace)) {
                new TraceGenerator(platform.config(), scenario, 11, 0).forEachRemaining(m -> {
                    try {
                        w.write(m);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            long realTimeStart = System.currentTimeMillis();
            replay(trace, "1", realTimeStart, 0);
            // Later in event time than everything the first replay said, so the job takes it as new.
            long fullSpeedStart = Math.max(System.currentTimeMillis(), realTimeStart + 80_000);
            replay(trace, "max", fullSpeedStart, 1_000_000_000L);
            List<AlertTransition> alerts = TestCommunity.alertsUntil(community, a -> a.size() >= 8);
            Set<String> realTime = relative(alerts, realTimeStart, fullSpeedStart);
            Set<String> fullSpeed = relative(alerts, fullSpeedStart, Long.MAX_VALUE);
            assertEquals(Set.of("pump-low-pressure|wp-1 firing", "pump-low-pressure|wp-1 resolved",
                    "lift-trapped|elv-1 firing", "lift-trapped|elv-1 resolved"),
                    realTime.stream().map(s -> s.substring(0, s.lastIndexOf(' '))).collect(Collectors.toSet()));
            assertEquals(realTime, fullSpeed, "same transitions at the same offsets from the trace's start");
        }
    }

    /** Replays the trace (recorded from time 0) moved to {@code start}. */
    private static void replay(Path trace, String speed, long start, long seqOffset) throws Exception {
        Iterator<Message> raw = TraceFile.read(trace);
        List<Message> messages = new ArrayList<>();
        raw.forEachRemaining(messages::add);
        Iterator<Message> shifted = messages.stream().map(m -> Rebase.shift(m, start, seqOffset)).iterator();
        try (Simulation run = new Simulation(shifted, Pacer.parse(speed), connections("replay-" + speed), null)) {
            run.run("replay", 0, false);
        }
    }

    private static Set<String> relative(List<AlertTransition> alerts, long from, long until) {
        return alerts.stream().filter(t -> t.startsAt() >= from && t.startsAt() < until)
                .map(t -> t.fingerprint() + " " + t.state().wire() + " " + (t.updatedAt() - from))
                .collect(Collectors.toSet());
    }

    private static Connections connections(String name) {
        return new Connections(LocalStack.shared().endpoints().mqttUrl(), "fg-" + name + "-" + System.nanoTime(),
                Connections.Mode.GATEWAY, 2, 20_000);
    }
}
