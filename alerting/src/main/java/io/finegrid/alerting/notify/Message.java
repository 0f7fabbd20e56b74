package io.finegrid.alerting.notify;

import com.fasterxml.jackson.core.type.TypeReference;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.NotificationRecord;
import io.finegrid.model.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a notification says. The JSON body (webhook, MQTT) is the alert transition of the
 * contract, the first of the group, with {@code notificationId}, {@code groupKey}, {@code count}
 * and {@code alerts} (every transition of the group) added: a receiver that reads only the
 * contract's fields still reads a valid transition.
 */
public final class Message {
    private Message() {}

    public static byte[] json(NotificationRecord n) {
        Map<String, Object> body = new LinkedHashMap<>(Json.MAPPER.convertValue(n.alerts().get(0),
                new TypeReference<Map<String, Object>>() {}));
        body.put("notificationId", n.id());
        body.put("groupKey", n.groupKey());
        body.put("count", n.alerts().size());
        body.put("alerts", n.alerts());
        return Json.write(body);
    }

    public static String subject(NotificationRecord n) {
        AlertTransition first = n.alerts().get(0);
        String what = first.severity().wire().toUpperCase(Locale.ROOT) + " " + first.state().wire() + ": " + first.rule();
        String where = first.building() != null ? first.building() : first.grid();
        String more = n.alerts().size() > 1 ? " (+" + (n.alerts().size() - 1) + " more)" : "";
        return "[FineGrid] " + what + " at " + where + more;
    }

    public static String text(NotificationRecord n) {
        StringBuilder s = new StringBuilder();
        for (AlertTransition t : n.alerts()) {
            s.append(String.format(Locale.ROOT, "%s %s %s  %s/%s%s  %s%n", t.severity().wire(), t.state().wire(),
                    t.rule(), t.grid(), t.building() == null ? "-" : t.building(),
                    t.deviceId() == null ? "" : "/" + t.deviceId(), t.summary() == null ? "" : t.summary()));
            s.append("  alert ").append(t.alertId()).append(", level ").append(t.escalationLevel());
            if (t.requestIds() != null) {
                s.append(", residents' requests ").append(String.join(", ", t.requestIds()));
            }
            s.append(System.lineSeparator());
        }
        s.append(System.lineSeparator()).append("Acknowledge: POST /api/alerts/{alertId}/ack").append(System.lineSeparator());
        return s.toString();
    }

    public static List<String> identities(List<AlertTransition> alerts) {
        return alerts.stream().map(Identities::of).toList();
    }
}
