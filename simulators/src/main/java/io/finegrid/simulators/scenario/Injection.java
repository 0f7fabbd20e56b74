package io.finegrid.simulators.scenario;

import java.util.Map;

/**
 * One fault a scenario injects, {@code atMs} after the run starts, for {@code forMs} (0: the kind's
 * own length). {@code device} or {@code building} says where; the rest is per kind:
 * <ul>
 *   <li>{@code pressure_drop}, {@code spike}: {@code metric} reads {@code value} (a drop holds,
 *       a spike is one reading unless {@code for} is given);</li>
 *   <li>{@code stuck}: {@code metric} repeats the value it had when the fault began;</li>
 *   <li>{@code fault_code}: a {@code fault} event with {@code code}, and {@code fault_cleared}
 *       {@code clearAfter} later;</li>
 *   <li>{@code silent}: the device says nothing; {@code power_failure}: nor does any device of
 *       the building;</li>
 *   <li>{@code fire}: the building's smoke detectors raise {@code alarm} and its temperature
 *       sensors climb to {@code value} (default 60 °C);</li>
 *   <li>{@code report_wave}: {@code reports} residents of the building report {@code category}
 *       spread over {@code for}.</li>
 * </ul>
 */
public record Injection(Kind kind, long atMs, long forMs, String device, String building, String metric, double value,
                        String code, long clearAfterMs, String category, int reports) {
    public enum Kind { PRESSURE_DROP, STUCK, SPIKE, FAULT_CODE, SILENT, POWER_FAILURE, FIRE, REPORT_WAVE }

    /** Whether the fault holds {@code sinceStartMs} after the start. */
    public boolean active(long sinceStartMs) {
        return sinceStartMs >= atMs && sinceStartMs < atMs + forMs;
    }

    static final Map<Kind, Long> DEFAULT_FOR_MS = Map.of(Kind.SPIKE, 1L, Kind.FIRE, 300_000L,
            Kind.REPORT_WAVE, 600_000L, Kind.FAULT_CODE, 0L);
}
