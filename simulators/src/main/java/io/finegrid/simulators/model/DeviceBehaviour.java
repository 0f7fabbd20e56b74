package io.finegrid.simulators.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a device of each type reports. Every value is a pure function of (seed, deviceId, seq, ts):
 * the same seed replays the same trace. Daily cycles follow community life: water pressure dips
 * at the morning and evening peaks, power load follows the day, lifts are busiest at commute hours.
 */
public final class DeviceBehaviour {
    private DeviceBehaviour() {}

    public static Map<String, Object> reading(long seed, String deviceId, String type, long seq, long ts) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ deviceId.hashCode() * 31L ^ seq);
        double hour = Instant.ofEpochMilli(ts).atZone(ZoneOffset.UTC).toLocalTime().toSecondOfDay() / 3600.0;
        double peaks = bump(hour, 7.5, 1.2) + bump(hour, 19.5, 1.5);
        Map<String, Object> m = new LinkedHashMap<>();
        switch (type) {
            case "water_pump" -> {
                m.put("pressure_mpa", round(0.42 - 0.08 * peaks + rnd.nextGaussian() * 0.008, 3));
                m.put("motor_current_a", round(6.5 + 3.0 * peaks + rnd.nextGaussian() * 0.3, 2));
                m.put("running", true);
            }
            case "power_meter" -> {
                double day = 0.5 + 0.5 * Math.sin((hour - 9) / 24 * 2 * Math.PI);
                // Noise small enough that the rate rule (kW per minute from 10 s steps) sees the real jumps only.
                m.put("power_kw", round(60 + 50 * day + 30 * peaks + rnd.nextGaussian() * 0.8, 1));
                m.put("voltage_v", round(230 + rnd.nextGaussian() * 1.5, 1));
            }
            case "elevator" -> {
                m.put("load_kg", (double) Math.max(0, Math.round(150 * peaks + rnd.nextInt(0, 300))));
                m.put("trips", (double) rnd.nextInt(0, 3 + (int) (6 * peaks)));
            }
            case "temp_humidity" -> {
                m.put("temp_c", round(22 + 1.5 * Math.sin((hour - 15) / 24 * 2 * Math.PI) + rnd.nextGaussian() * 0.2, 2));
                m.put("humidity_pct", round(48 + rnd.nextGaussian() * 2, 1));
            }
            case "smoke_detector" -> m.put("smoke_obscuration_pct", round(Math.abs(rnd.nextGaussian()) * 0.02, 3));
            default -> m.put("value", round(rnd.nextDouble(), 3));
        }
        return m;
    }

    private static double bump(double hour, double centre, double width) {
        double d = (hour - centre) / width;
        return Math.exp(-d * d);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
