package io.finegrid.alerting.match;

import io.finegrid.model.alert.AlertTransition;
import java.util.HashMap;
import java.util.Map;

/** An alert's labels, the names silences and inhibition rules match on. */
public final class Labels {
    private Labels() {}

    public static Map<String, String> of(AlertTransition t) {
        Map<String, String> m = new HashMap<>();
        put(m, "rule", t.rule());
        put(m, "severity", t.severity() == null ? null : t.severity().wire());
        put(m, "category", t.category());
        put(m, "community", t.community());
        put(m, "grid", t.grid());
        put(m, "building", t.building());
        put(m, "deviceId", t.deviceId());
        put(m, "fingerprint", t.fingerprint());
        return m;
    }

    /** Every matcher equals the alert's label of that name (a label the alert lacks never matches). */
    public static boolean matches(Map<String, String> matchers, AlertTransition t) {
        Map<String, String> labels = of(t);
        return matchers.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
