package io.finegrid.platform;

import io.finegrid.model.alert.AlertTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A 28-second trace with known faults for three devices, and the transitions the rules must
 * produce from it: a pump losing pressure (threshold) with surges (rate), a pump falling silent
 * for 10 s (offline), a lift fault and its clear (event).
 */
final class FaultTrace {
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

    /** What the rules say about the trace: fingerprint, state, startsAt and updatedAt from its start. */
    static final List<String> EXPECTED = List.of(
            "lift-trapped|elv-1 firing 12100 12100",
            "lift-trapped|elv-1 resolved 12100 22100",
            "offline|wp-2 firing 12300 12300",
            "offline|wp-2 resolved 12300 20300",
            "pump-low-pressure|wp-1 firing 5000 8000",
            "pump-low-pressure|wp-1 resolved 5000 15000",
            "pump-surge|wp-1 firing 16000 16000",
            "pump-surge|wp-1 firing 5000 5000",
            "pump-surge|wp-1 resolved 16000 17000",
            "pump-surge|wp-1 resolved 5000 6000");

    /** One line of the trace: offset from the start in ms, device, topic kind, payload with {ts} to fill. */
    record Line(long offset, String device, String kind, String payload) {}

    private FaultTrace() {}

    static List<Line> lines() {
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

    /** Publishes the trace for {@code community} starting at event time {@code base}, paced by {@code speed} (0: as fast as possible). */
    static void publish(String community, long base, double speed) throws Exception {
        long start = System.currentTimeMillis();
        try (TestCommunity.Publisher mqtt = new TestCommunity.Publisher()) {
            for (Line l : lines()) {
                if (speed > 0) {
                    long wait = start + (long) (l.offset / speed) - System.currentTimeMillis();
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

    /** Transitions as "fingerprint state startsAt updatedAt", relative to the trace start, distinct and sorted. */
    static List<String> relative(List<AlertTransition> alerts, long base) {
        return alerts.stream()
                .filter(a -> a.updatedAt() < base + 29_000) // the trace, not the devices going quiet after it
                .map(a -> String.format(Locale.ROOT, "%s %s %d %d", a.fingerprint(), a.state().wire(),
                        a.startsAt() - base, a.updatedAt() - base))
                .distinct().sorted().toList();
    }
}
