package io.finegrid.simulators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.finegrid.model.config.ConfigException;
import io.finegrid.model.config.FineGridConfig;
import io.finegrid.model.json.Json;
import io.finegrid.simulators.scenario.Scenario;
import io.finegrid.simulators.trace.Message;
import io.finegrid.simulators.trace.TraceFile;
import io.finegrid.simulators.trace.TraceGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class TraceGeneratorTest {
    static final long START = 1_790_000_000_000L;
    public static final FineGridConfig CONFIG = FineGridConfig.parse("""
            community: sim
            grids: [{id: G1, manager: gm}]
            buildings: [{id: B01, grid: G1, residents: 400}, {id: B02, grid: G1, residents: 300}]
            devices:
              - {id: wp-1, type: water_pump, building: B01, interval: 10s}
              - {id: elv-1, type: elevator, building: B01, interval: 10s}
              - {id: th-1, type: temp_humidity, building: B02, interval: 30s}
            deviceGroups:
              - {type: smoke_detector, perBuilding: 2, id: "sd-{building}-{n}", interval: 60s}
            """, "rules: []\n", """
            services:
              - {category: water_supply, name: Water, respond: 30m, resolve: 4h}
              - {category: elevator_fault, name: Lift, respond: 15m, resolve: 2h}
            """, """
            recipients: [{id: crew, org: pm}, {id: gm, org: committee}]
            assignments: [{grid: "*", category: "*", crew: crew}]
            """);
    static final Scenario FAULTS = Scenario.parse("faults.yaml", """
            name: faults
            duration: 20m
            residents: {reportsPerHourPer1000: 20}
            inject:
              - {at: 1m, kind: pressure_drop, device: wp-1, metric: pressure_mpa, value: 0.1, for: 3m}
              - {at: 2m, kind: fault_code, device: elv-1, code: E30, clearAfter: 90s}
              - {at: 5m, kind: silent, device: wp-1, for: 2m}
              - {at: 10m, kind: power_failure, building: B02, for: 3m}
              - {at: 14m, kind: fire, building: B02, for: 2m}
              - {at: 15m, kind: report_wave, building: B01, category: water_supply, reports: 5, for: 4m}
              - {at: 3m, kind: stuck, device: th-1, metric: temp_c, for: 5m}
            expect:
              - {rule: pump-low-pressure, device: wp-1, within: [1m, 2m]}
            """);

    static List<Message> all(Scenario s, long seed) {
        List<Message> out = new ArrayList<>();
        new TraceGenerator(CONFIG, s, seed, START).forEachRemaining(out::add);
        return out;
    }

    static JsonNode json(Message m) throws Exception {
        return Json.MAPPER.readTree(m.payload());
    }

    @Test
    void theSameSeedGivesAByteIdenticalTraceAndAnotherSeedAnother(@TempDir Path dir) throws Exception {
        for (String name : List.of("a", "b")) {
            try (TraceFile.Writer w = new TraceFile.Writer(dir.resolve(name))) {
                for (Message m : all(FAULTS, 42)) {
                    w.write(m);
                }
            }
        }
        try (TraceFile.Writer w = new TraceFile.Writer(dir.resolve("c"))) {
            for (Message m : all(FAULTS, 43)) {
                w.write(m);
            }
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve("a")), Files.readAllBytes(dir.resolve("b")));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(dir.resolve("a")), Files.readAllBytes(dir.resolve("c"))));
        List<Message> back = new ArrayList<>();
        TraceFile.read(dir.resolve("a")).forEachRemaining(back::add);
        assertEquals(all(FAULTS, 42), back, "a trace file reads back what was written");
    }

    @Test
    void messagesComeInTimeOrderAndEachDevicesSeqOnlyGrows() throws Exception {
        List<Message> trace = all(FAULTS, 7);
        Map<String, Long> lastSeq = new HashMap<>();
        long last = Long.MIN_VALUE;
        for (Message m : trace) {
            assertTrue(m.at() >= last, "time order");
            last = m.at();
            assertTrue(m.at() >= START && m.at() < START + 20 * 60_000);
            if (m.telemetry()) {
                long seq = json(m).get("seq").asLong();
                assertTrue(seq > lastSeq.getOrDefault(m.device(), 0L), m.device() + " seq " + seq);
                lastSeq.put(m.device(), seq);
                assertEquals(m.at(), json(m).get("ts").asLong(), "event time is the due time");
            }
        }
        assertEquals(Set.of("wp-1", "elv-1", "th-1", "sd-B01-1", "sd-B01-2", "sd-B02-1", "sd-B02-2"), lastSeq.keySet());
    }

    @Test
    void theScenariosFaultsShowInTheTrace() throws Exception {
        List<Message> trace = all(FAULTS, 7);
        for (Message m : trace) {
            long since = m.at() - START;
            if (m.topic().endsWith("/wp-1/telemetry")) {
                double p = json(m).get("metrics").get("pressure_mpa").asDouble();
                assertEquals(since >= 60_000 && since < 240_000, p == 0.1, "pressure at " + since);
                assertFalse(since >= 300_000 && since < 420_000, "wp-1 is silent from 5 to 7 min");
            }
            if (m.topic().contains("/B02/") && since >= 600_000 && since < 780_000) {
                throw new AssertionError("B02 has no power from 10 to 13 min: " + m);
            }
        }
        List<String> lift = trace.stream().filter(m -> m.topic().endsWith("/elv-1/event")).map(m -> {
            try {
                return json(m).get("type").asText() + "@" + (m.at() - START) / 1000;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertEquals(List.of("fault@120", "fault_cleared@210"), lift);
        long alarms = trace.stream().filter(m -> m.topic().contains("/sd-B02-") && m.topic().endsWith("/event")).count();
        assertEquals(2, alarms, "both smoke detectors of B02 raise the alarm");
        Set<Double> stuck = new HashSet<>();
        for (Message m : trace) {
            long since = m.at() - START;
            if (m.topic().endsWith("/th-1/telemetry") && since >= 180_000 && since < 480_000) {
                stuck.add(json(m).get("metrics").get("temp_c").asDouble());
            }
        }
        assertEquals(1, stuck.size(), "a stuck sensor repeats one value: " + stuck);
        assertTrue(trace.stream().anyMatch(m -> m.topic().endsWith("/th-1/telemetry") && m.at() - START >= 840_000
                && m.payload().contains("\"temp_c\":60.0")), "the fire heats B02");
    }

    @Test
    void residentsReportAndCrewsWorkRequestsThroughTheirLifecycle() throws Exception {
        Map<String, List<String>> byRequest = new HashMap<>();
        Set<String> waveReporters = new HashSet<>();
        for (Message m : all(FAULTS, 7)) {
            if (m.topic().equals("fg/sim/requests")) {
                JsonNode n = json(m);
                byRequest.computeIfAbsent(n.get("requestId").asText(), k -> new ArrayList<>()).add(n.get("status").asText());
                if (n.get("requestId").asText().startsWith("W-") && n.has("reporter")) {
                    waveReporters.add(n.get("reporter").asText());
                }
                if (n.get("status").asText().equals("closed")) {
                    int rating = n.get("rating").asInt();
                    assertTrue(rating >= 1 && rating <= 5);
                }
            }
        }
        assertTrue(byRequest.size() > 5, "residents report: " + byRequest.size());
        List<String> order = List.of("opened", "assigned", "in_progress", "resolved", "closed");
        for (List<String> statuses : byRequest.values()) {
            assertEquals(order.subList(0, statuses.size()), statuses, "in lifecycle order");
        }
        assertEquals(5, waveReporters.size(), "a wave of five distinct residents");
    }

    @Test
    void aBrokenScenarioIsRefusedWithItsFileAndLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> Scenario.parse("bad.yaml", """
                duration: 5m
                inject:
                  - {at: 1m, kind: flood, device: wp-1, for: 1m}
                """));
        assertTrue(e.getMessage().contains("bad.yaml:3") && e.getMessage().contains("flood"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TraceGenerator(CONFIG, Scenario.parse("x.yaml", """
                duration: 5m
                inject: [{at: 1m, kind: silent, device: nope, for: 1m}]
                """), 1, START));
    }
}
