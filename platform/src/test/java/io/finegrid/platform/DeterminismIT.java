package io.finegrid.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.finegrid.model.alert.AlertTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Detection is a function of event time: one trace published as fast as possible and published
 * again paced at 1x (real time) yields the same alert transitions with the same startsAt and
 * updatedAt (relative to the trace's start).
 */
class DeterminismIT {
    static final String RULES = """
            rules:
              - {id: pump-low-pressure, kind: threshold, deviceType: water_pump, metric: pressure_mpa,
                 below: 0.15, clear: 0.18, for: 3s, severity: major, category: water_supply}
              - {id: pump-surge, kind: rate, deviceType: water_pump, metric: pressure_mpa,
                 maxChangePerMinute: 10, severity: minor, category: water_supply}
              - {id: offline, kind: offline, deviceType: "*", missed: 3, severity: minor, category: water_supply}
              - {id: lift-trapped, kind: event, deviceType: elevator, eventType: fault, codes: [E30],
                 clearOn: fault_cleared, severity: critical, category: water_supply}
            """;

    /** One line of the trace: offset from the start in ms, device, topic kind, payload with {ts} to fill. */
    record Line(long offset, String device, String kind, String payload) {}

    static List<Line> trace() {
        List<Line> t = new ArrayList<>();
        for (int s = 0; s < 28; s++) {
            double p = s >= 5 && s < 15 ? 0.1 : (s == 15 ? 0.2 : 0.4);
            t.add(new Line(s * 1000L, "wp-1", "telemetry", "{\"ts\":{ts},\"seq\":" + s + ",\"metrics\":{\"pressure_mpa\":" + p + "}}"));
            if (s < 10 || s > 19) {
                t.add(new Line(s * 1000L + 300, "wp-2", "telemetry", "{\"ts\":{ts},\"seq\":" + s + ",\"metrics\":{\"pressure_mpa\":0.4}}"));
            }
            t.add(new Line(s * 1000L + 600, "elv-1", "telemetry", "{\"ts\":{ts},\"seq\":" + (2 * s) + ",\"metrics\":{\"load_kg\":80}}"));
        }
        t.add(new Line(12_100, "elv-1", "event", "{\"ts\":{ts},\"seq\":1001,\"type\":\"fault\",\"code\":\"E30\"}"));
        t.add(new Line(22_100, "elv-1", "event", "{\"ts\":{ts},\"seq\":1002,\"type\":\"fault_cleared\",\"code\":\"E30\"}"));
        t.sort((a, b) -> Long.compare(a.offset, b.offset));
        return t;
    }

    @Test
    void replayAtFullSpeedAndAtRealTimeGiveTheSameTransitions() throws Exception {
        // Two communities with the same devices: the same trace, once per speed, through one job.
        long base = (System.currentTimeMillis() - 10 * 60_000) / 1000 * 1000;
        List<String> fast;
        List<String> paced;
        try (Platform platform = TestCommunity.start("detfast", RULES, "1s")) {
            publish("detfast", base, false);
            fast = relative(TestCommunity.alerts("detfast", 13), base);
        }
        // The second job reads the first run's records too: start its trace after them in event
        // time, as a replay of yesterday would come after what the topics already hold.
        long later = base + 120_000;
        try (Platform platform = TestCommunity.start("detpaced", RULES, "1s")) {
            publish("detpaced", later, true);
            paced = relative(TestCommunity.alerts("detpaced", 13), later);
        }
        assertEquals(List.of(
                "lift-trapped|elv-1 firing 12100 12100",
                "lift-trapped|elv-1 resolved 12100 22100",
                "offline|wp-2 firing 12300 12300",
                "offline|wp-2 resolved 12300 20300",
                "pump-low-pressure|wp-1 firing 5000 8000",
                "pump-low-pressure|wp-1 resolved 5000 15000",
                "pump-surge|wp-1 firing 16000 16000",
                "pump-surge|wp-1 firing 5000 5000",
                "pump-surge|wp-1 resolved 16000 17000",
                "pump-surge|wp-1 resolved 5000 6000"), fast, "the full-speed run, as the rules say");
        assertEquals(fast, paced, "the real-time run");
    }

    private static void publish(String community, long base, boolean realTime) throws Exception {
        long start = System.currentTimeMillis();
        try (TestCommunity.Publisher mqtt = new TestCommunity.Publisher()) {
            for (Line l : trace()) {
                if (realTime) {
                    long wait = start + l.offset - System.currentTimeMillis();
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                }
                mqtt.publish("fg/" + community + "/B01/" + l.device + "/" + l.kind,
                        l.payload.replace("{ts}", Long.toString(base + l.offset)));
            }
            // Time moves on for everyone: event time passes the trace's end.
            for (String d : List.of("wp-1", "wp-2", "elv-1")) {
                mqtt.publish("fg/" + community + "/B01/" + d + "/telemetry",
                        "{\"ts\":" + (base + 60_000) + ",\"metrics\":{\"pressure_mpa\":0.4}}");
            }
        }
    }

    /** Transitions as "fingerprint state startsAt updatedAt", times relative to the trace start, sorted. */
    private static List<String> relative(List<AlertTransition> alerts, long base) {
        return alerts.stream()
                .filter(a -> a.updatedAt() < base + 29_000) // the trace, not the devices going quiet after it
                .map(a -> String.format(Locale.ROOT, "%s %s %d %d", a.fingerprint(), a.state().wire(),
                        a.startsAt() - base, a.updatedAt() - base))
                .distinct().sorted().toList();
    }
}
