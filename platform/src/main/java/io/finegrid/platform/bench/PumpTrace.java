package io.finegrid.platform.bench;

import io.finegrid.model.device.NormalizedReading;
import io.finegrid.testkit.ConfigFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The benches' community of water pumps: {@code devices} pumps in 100 buildings of one grid, each
 * reporting pressure and motor current every 10 s, and a low-pressure fault on every hundredth
 * pump (half of each 10 minutes below the threshold). The same readings feed {@code finegrid bench
 * jobs} (through Kafka) and the JMH benchmarks of the rule operator (straight into it), so their
 * figures are about the same work.
 */
public final class PumpTrace {
    /** The rules both benchmarks run: a threshold with hysteresis, a rate and the offline rule. */
    public static final String RULES = """
            rules:
              - {id: pump-low-pressure, kind: threshold, deviceType: water_pump, metric: pressure_mpa,
                 below: 0.15, clear: 0.18, for: 60s, severity: major, category: water_supply}
              - {id: pump-surge, kind: rate, deviceType: water_pump, metric: pressure_mpa,
                 maxChangePerMinute: 5, severity: minor, category: water_supply}
              - {id: offline, kind: offline, deviceType: "*", missed: 3, severity: minor, category: water_supply}
            """;
    /** The service category of {@link #RULES}. */
    public static final String CATEGORY = "water_supply";
    public static final long INTERVAL_MS = 10_000;

    private final int devices;
    private final long base;

    /** {@code base}: the event time of the first round of readings. */
    public PumpTrace(int devices, long base) {
        this.devices = devices;
        this.base = base;
    }

    public int devices() {
        return devices;
    }

    /** {@code community.yaml} registering every pump with its 10 s interval. */
    public String communityYaml() {
        StringBuilder b = new StringBuilder("community: bench\ngrids: [{id: G1}]\nbuildings:\n");
        for (int i = 0; i < 100; i++) {
            b.append("  - {id: B").append(i).append(", grid: G1}\n");
        }
        b.append("devices:\n");
        for (int d = 0; d < devices; d++) {
            b.append("  - {id: wp-").append(d).append(", type: water_pump, building: B").append(d % 100)
                    .append(", interval: ").append(INTERVAL_MS / 1000).append("s}\n");
        }
        return b.toString();
    }

    /** Writes the four configuration files into {@code dir/config} ({@code rules} null: {@link #RULES}); returns that directory. */
    public Path writeConfig(Path dir, String rules) throws IOException {
        return ConfigFiles.write(dir, communityYaml(), rules != null ? rules : RULES, CATEGORY);
    }

    /** The {@code i}-th reading: pumps take turns, so each pump's readings are {@code devices} apart. */
    public NormalizedReading reading(long i) {
        int d = (int) (i % devices);
        long seq = i / devices;
        long ts = base + seq * INTERVAL_MS;
        double pressure = d % 100 == 0 && seq % 60 > 30 ? 0.1 : 0.4 + (i % 7) / 100.0;
        Map<String, Object> m = new LinkedHashMap<>();
        // At the precision pumps report (as the simulator's do): 0.43, not 0.43000000000000005.
        m.put("pressure_mpa", Math.round(pressure * 1000) / 1000.0);
        m.put("motor_current_a", Math.round((6.5 + (i % 11) / 10.0) * 100) / 100.0);
        return new NormalizedReading("bench", "B" + (d % 100), "wp-" + d, ts, seq, m, ts);
    }
}
