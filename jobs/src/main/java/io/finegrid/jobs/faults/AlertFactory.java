package io.finegrid.jobs.faults;

import io.finegrid.jobs.registry.Registry;
import io.finegrid.jobs.rollup.Sample;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.Severity;
import io.finegrid.model.config.RulesConfig.Rule;
import io.finegrid.model.config.RulesConfig.ThresholdRule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Builds alert transitions. Ids are derived from the fingerprint and start time, so a replay of
 * the same trace produces the same {@code alertId}s.
 */
public final class AlertFactory {
    private AlertFactory() {}

    public static String fingerprint(Rule rule, String deviceId) {
        return rule.id() + "|" + deviceId;
    }

    public static String alertId(String community, String fingerprint, long startsAt) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256")
                    .digest((community + "|" + fingerprint + "|" + startsAt).getBytes(StandardCharsets.UTF_8));
            return "a-" + HexFormat.of().formatHex(h, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static AlertTransition deviceAlert(Rule rule, Sample device, Transition t, String summary, Registry registry) {
        String fp = fingerprint(rule, device.deviceId);
        AlertState state = t.kind() == Transition.Kind.FIRING ? AlertState.FIRING : AlertState.RESOLVED;
        return new AlertTransition(alertId(device.community, fp, t.startsAt()), fp, rule.id(), state, rule.severity(), rule.category(),
                device.community, device.grid, device.building, device.deviceId, null, summary,
                Double.isNaN(t.value()) ? null : t.value(),
                t.startsAt(), t.at(), 0, registry.assignee(device.grid, rule.category()), null);
    }

    /** A rule over a whole building (composites): fingerprint rule|building, no device. */
    public static AlertTransition buildingAlert(Rule rule, Sample where, Transition t, String summary, Registry registry) {
        String fp = rule.id() + "|" + where.building;
        AlertState state = t.kind() == Transition.Kind.FIRING ? AlertState.FIRING : AlertState.RESOLVED;
        return new AlertTransition(alertId(where.community, fp, t.startsAt()), fp, rule.id(), state, rule.severity(),
                rule.category(), where.community, where.grid, where.building, null, null, summary, null, t.startsAt(),
                t.at(), 0, registry.assignee(where.grid, rule.category()), null);
    }

    /**
     * An alert of the service side (rules {@code sla-respond}, {@code sla-resolve}, {@code backlog},
     * {@code consultation}), which have no rule in rules.yaml: severity and fingerprint are the
     * caller's.
     */
    public static AlertTransition serviceAlert(String rule, Severity severity, String fingerprint, String category,
                                               String community, String grid, String building, String requestId,
                                               Transition t, String summary, Registry registry) {
        AlertState state = t.kind() == Transition.Kind.FIRING ? AlertState.FIRING : AlertState.RESOLVED;
        return new AlertTransition(alertId(community, fingerprint, t.startsAt()), fingerprint, rule, state, severity,
                category, community, grid, building, null, requestId, summary, Double.isNaN(t.value()) ? null : t.value(),
                t.startsAt(), t.at(), 0, category == null ? null : registry.assignee(grid, category), null);
    }

    public static String thresholdSummary(ThresholdRule r, String metric, Transition t) {
        if (t == null) {
            return null;
        }
        String dir = r.direction() == ThresholdRule.Direction.ABOVE ? "above" : "below";
        if (t.kind() == Transition.Kind.FIRING) {
            return String.format(Locale.ROOT, "%s %s %s %s for %d s", metric, num(t.value()), dir, num(r.threshold()),
                    r.holdFor().toSeconds());
        }
        return String.format(Locale.ROOT, "%s %s back past clear level %s", metric, num(t.value()), num(r.clear()));
    }

    private static String num(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
