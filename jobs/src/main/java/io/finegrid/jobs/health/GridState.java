package io.finegrid.jobs.health;

import java.util.HashMap;
import java.util.Map;

/**
 * What a grid's health is made of at any moment: which devices were heard from and whether they
 * are online, which alerts are open (by severity), which requests are open (and breached). A
 * Flink POJO; {@link #apply} is the whole decision.
 */
public class GridState {
    /** deviceId -> online. */
    public Map<String, Boolean> devices = new HashMap<>();
    /** alertId -> severity, open alerts only. */
    public Map<String, String> alerts = new HashMap<>();
    /** requestId -> breached, open requests only. */
    public Map<String, Boolean> requests = new HashMap<>();
    /** The next 10-second boundary a point is due at. */
    public long nextTick = Long.MIN_VALUE;
    /** The event time of the newest signal. */
    public long newest = Long.MIN_VALUE;

    public void apply(GridSignal s) {
        switch (s.kind) {
            case DEVICE -> devices.put(s.id, s.on);
            case ALERT -> {
                if (s.on) {
                    alerts.put(s.id, s.detail);
                } else {
                    alerts.remove(s.id);
                }
            }
            case REQUEST -> {
                if (s.on) {
                    requests.put(s.id, "breached".equals(s.detail));
                } else {
                    requests.remove(s.id);
                }
            }
        }
    }

    public int online() {
        return (int) devices.values().stream().filter(Boolean::booleanValue).count();
    }

    public int alerts(String severity) {
        return (int) alerts.values().stream().filter(severity::equals).count();
    }

    public int requestsOpen() {
        return requests.size();
    }

    public int requestsBreached() {
        return (int) requests.values().stream().filter(Boolean::booleanValue).count();
    }
}
