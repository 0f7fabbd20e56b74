package io.finegrid.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.model.config.ConfigTexts;
import io.finegrid.platform.backtest.Backtest;
import io.finegrid.platform.backtest.Trace;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** A rule change backtested on a recorded (gzip JSON-lines) trace, on the real Flink runtime. */
class BacktestIT {
    @Test
    void showsWhichTransitionsARuleChangeAddsAndRemoves() throws Exception {
        Path config = TestCommunity.writeConfig("bt", FaultTrace.RULES, "1s");
        long base = (System.currentTimeMillis() - 30 * 86_400_000L) / 1000 * 1000; // a month-old recording
        Path trace = Files.createTempFile("fg-trace", ".jsonl.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(trace))) {
            for (FaultTrace.Line l : FaultTrace.lines()) {
                String payload = l.payload().replace("{ts}", Long.toString(base + l.offset()));
                out.write(("{\"topic\":\"fg/bt/B01/" + l.device() + "/" + l.kind() + "\",\"payload\":" + payload + "}\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            out.write("{\"topic\":\"fg/bt/B01/wp-1/telemetry\",\"payload\":\"not json\"}\n".getBytes(StandardCharsets.UTF_8));
        }
        // The change: the pressure rule must hold for 20 s (the trace's breach lasts 10 s), no surge rule.
        String newRules = FaultTrace.RULES.replace("for: 3s", "for: 20s")
                .replaceAll("(?s)  - \\{id: pump-surge.*?category: water_supply\\}\\n", "");
        assertTrue(!newRules.contains("pump-surge"));
        Backtest.Outcome o = Backtest.run(ConfigTexts.read(config), newRules, Trace.read(trace));
        TreeSet<String> removed = new TreeSet<>(o.current());
        removed.removeAll(o.proposed());
        TreeSet<String> added = new TreeSet<>(o.proposed());
        added.removeAll(o.current());
        assertEquals(List.of(), List.copyOf(added));
        assertEquals(List.of("pump-low-pressure|wp-1 firing", "pump-low-pressure|wp-1 resolved",
                "pump-surge|wp-1 firing", "pump-surge|wp-1 firing", "pump-surge|wp-1 resolved", "pump-surge|wp-1 resolved"),
                removed.stream().map(s -> s.substring(0, s.indexOf(' ', s.indexOf(' ') + 1))).toList());
        assertEquals(4, o.proposed().size(), "lift fault and offline, under both rule sets");
        assertEquals(1, o.rejected(), "the bad line is rejected as the gateway would");
    }
}
