package io.finegrid.alerting.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.finegrid.alerting.AlertingMetrics;
import io.finegrid.alerting.book.AlertBook;
import io.finegrid.alerting.match.Silences;
import io.finegrid.alerting.notify.NotificationLog;
import io.finegrid.model.alert.AlertAck;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.Severity;
import io.finegrid.model.alert.Silence;
import io.finegrid.alerting.config.CurrentConfig;
import io.finegrid.model.config.CommunityConfig;
import io.finegrid.model.config.ResponsibilitiesConfig;
import io.finegrid.model.json.Json;
import io.finegrid.model.topic.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The HTTP API of CONTRACT §6 under {@code /api/}: alerts (list, one, acknowledge, resolve),
 * silences (list, create, delete), grids (list, summary) and the notification log. Every request
 * carries a bearer token; a missing or unknown one is 401, a known caller asking beyond their
 * grids or alerts 403.
 */
public final class AlertApi extends JsonApi {
    private final AlertBook book;
    private final Silences silences;
    private final NotificationLog log;
    private final Publisher publisher;
    private final Access access;
    private final CurrentConfig config;
    private final LongSupplier clock;

    public AlertApi(AlertBook book, Silences silences, NotificationLog log, Publisher publisher, Tokens tokens,
                    CurrentConfig config, AlertingMetrics metrics, LongSupplier clock) {
        super(tokens, metrics);
        this.book = book;
        this.silences = silences;
        this.log = log;
        this.publisher = publisher;
        this.access = new Access(config);
        this.config = config;
        this.clock = clock;
    }

    @Override
    protected Reply route(String method, String path, Map<String, String> q, byte[] body, Caller c) {
        String[] p = parts(path); // "", "api", ...
        if (p.length < 3) {
            return Reply.error(404, "not found");
        }
        String what = p[2];
        if (what.equals("alerts")) {
            if (p.length == 3) {
                return method.equals("GET") ? alerts(q, c) : Reply.error(405, "GET only");
            }
            if (p.length == 4) {
                return method.equals("GET") ? alert(p[3], c) : Reply.error(405, "GET only");
            }
            if (p.length == 5 && (p[4].equals("ack") || p[4].equals("resolve"))) {
                return method.equals("POST") ? act(p[3], p[4].equals("ack") ? AlertAck.Action.ACK : AlertAck.Action.RESOLVE,
                        body, c) : Reply.error(405, "POST only");
            }
        } else if (what.equals("silences")) {
            if (p.length == 3) {
                return switch (method) {
                    case "GET" -> new Reply(200, silences.current(clock.getAsLong()));
                    case "POST" -> silence(body, c);
                    default -> Reply.error(405, "GET or POST");
                };
            }
            if (p.length == 4) {
                return method.equals("DELETE") ? unsilence(p[3], c) : Reply.error(405, "DELETE only");
            }
        } else if (what.equals("grids")) {
            if (p.length == 3) {
                return method.equals("GET") ? grids(c) : Reply.error(405, "GET only");
            }
            if (p.length == 5 && p[4].equals("summary")) {
                return method.equals("GET") ? summary(p[3], c) : Reply.error(405, "GET only");
            }
        } else if (what.equals("notifications") && p.length == 3) {
            if (c.role() != Caller.Role.ADMIN) {
                return Reply.error(403, "the notification log is for admins");
            }
            return new Reply(200, log.recent(Integer.parseInt(q.getOrDefault("limit", "100"))));
        }
        return Reply.error(404, "not found");
    }

    private Reply alerts(Map<String, String> q, Caller c) {
        String grid = q.get("grid");
        if (grid != null && !access.seesGrid(c, grid) && c.role() != Caller.Role.CREW) {
            return Reply.error(403, "grid " + grid + " is not yours");
        }
        Optional<AlertState> state = Optional.ofNullable(q.get("state")).flatMap(s -> java.util.Arrays
                .stream(AlertState.values()).filter(x -> x.wire().equals(s)).findFirst());
        if (q.containsKey("state") && state.isEmpty()) {
            return Reply.error(400, "state is one of firing, acknowledged, escalated, resolved");
        }
        Optional<Severity> severity = Optional.ofNullable(q.get("severity")).flatMap(Severity::parse);
        if (q.containsKey("severity") && severity.isEmpty()) {
            return Reply.error(400, "severity is one of critical, major, minor, info");
        }
        Predicate<AlertTransition> p = t -> access.sees(c, t) && (grid == null || grid.equals(t.grid()))
                && state.map(s -> s == t.state()).orElse(q.get("state") != null || t.state() != AlertState.RESOLVED)
                && severity.map(s -> s == t.severity()).orElse(true);
        return new Reply(200, book.find(p));
    }

    private Reply alert(String id, Caller c) {
        Optional<AlertTransition> t = book.get(id);
        if (t.isEmpty()) {
            return Reply.error(404, "no alert " + id);
        }
        return access.sees(c, t.get()) ? new Reply(200, t.get()) : Reply.error(403, "alert " + id + " is not yours");
    }

    private Reply act(String id, AlertAck.Action action, byte[] body, Caller c) {
        Optional<AlertTransition> t = book.get(id);
        if (t.isEmpty()) {
            return Reply.error(404, "no alert " + id);
        }
        if (!access.sees(c, t.get())) {
            return Reply.error(403, "alert " + id + " is not yours");
        }
        if (t.get().state() == AlertState.RESOLVED) {
            return Reply.error(409, "alert " + id + " is already resolved");
        }
        String comment = null;
        if (body.length > 0) {
            try {
                JsonNode n = Json.MAPPER.readTree(body);
                comment = n.hasNonNull("comment") ? n.get("comment").asText() : null;
            } catch (IOException e) {
                return Reply.error(400, "body is not JSON: " + e.getMessage());
            }
        }
        AlertAck ack = new AlertAck(id, action, c.id(), clock.getAsLong(), comment);
        try {
            publisher.publish(Topics.ALERT_ACKS, id, ack);
        } catch (Exception e) {
            return Reply.error(503, "could not record the " + action.name().toLowerCase() + ": " + e.getMessage());
        }
        return new Reply(202, ack);
    }

    private Reply silence(byte[] body, Caller c) {
        Silence s;
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n == null || !n.has("matchers") || !n.get("matchers").isObject() || !n.hasNonNull("endsAt")) {
                return Reply.error(400, "a silence has matchers (an object of label: value) and endsAt");
            }
            Map<String, String> matchers = new HashMap<>();
            for (Map.Entry<String, JsonNode> e : n.get("matchers").properties()) {
                if (!ResponsibilitiesConfig.LABELS.contains(e.getKey())) {
                    return Reply.error(400, "'" + e.getKey() + "' is not an alert label "
                            + new java.util.TreeSet<>(ResponsibilitiesConfig.LABELS));
                }
                matchers.put(e.getKey(), e.getValue().asText());
            }
            if (matchers.isEmpty()) {
                return Reply.error(400, "a silence needs at least one matcher");
            }
            long now = clock.getAsLong();
            long starts = n.hasNonNull("startsAt") ? n.get("startsAt").asLong() : now;
            long ends = n.get("endsAt").asLong();
            if (ends <= starts || ends <= now) {
                return Reply.error(400, "endsAt must be after startsAt and in the future");
            }
            s = new Silence("s-" + UUID.randomUUID(), Map.copyOf(matchers), starts, ends, c.id(),
                    n.hasNonNull("comment") ? n.get("comment").asText() : null);
        } catch (IOException e) {
            return Reply.error(400, "body is not JSON: " + e.getMessage());
        }
        if (!access.maySilence(c, s)) {
            return Reply.error(403, "a silence must stay within your grids");
        }
        try {
            publisher.publish(Topics.SILENCES, s.id(), s);
        } catch (Exception e) {
            return Reply.error(503, "could not record the silence: " + e.getMessage());
        }
        silences.put(s); // in force at once here; other instances follow fg.silences
        return new Reply(201, s);
    }

    private Reply unsilence(String id, Caller c) {
        Optional<Silence> s = silences.get(id);
        if (s.isEmpty()) {
            return Reply.error(404, "no silence " + id);
        }
        if (!access.maySilence(c, s.get())) {
            return Reply.error(403, "silence " + id + " is not yours");
        }
        try {
            publisher.publish(Topics.SILENCES, id, null);
        } catch (Exception e) {
            return Reply.error(503, "could not delete the silence: " + e.getMessage());
        }
        silences.remove(id);
        return new Reply(200, Map.of("deleted", id));
    }

    private Reply grids(Caller c) {
        CommunityConfig community = config.config().community();
        List<Map<String, Object>> out = community.grids().stream().filter(g -> access.seesGrid(c, g.id()))
                .map(g -> gridSummary(community, g)).toList();
        return new Reply(200, out);
    }

    private Reply summary(String grid, Caller c) {
        CommunityConfig community = config.config().community();
        Optional<CommunityConfig.Grid> g = community.grids().stream().filter(x -> x.id().equals(grid)).findFirst();
        if (g.isEmpty()) {
            return Reply.error(404, "no grid " + grid);
        }
        if (!access.seesGrid(c, grid)) {
            return Reply.error(403, "grid " + grid + " is not yours");
        }
        return new Reply(200, gridSummary(community, g.get()));
    }

    private Map<String, Object> gridSummary(CommunityConfig community, CommunityConfig.Grid g) {
        List<AlertTransition> open = book.find(t -> g.id().equals(t.grid()) && t.state() != AlertState.RESOLVED);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("grid", g.id());
        m.put("name", g.name());
        m.put("manager", g.manager());
        m.put("buildings", community.buildings().stream().filter(b -> b.grid().equals(g.id())).count());
        Map<String, Long> bySeverity = new LinkedHashMap<>();
        for (Severity s : Severity.values()) {
            bySeverity.put(s.wire(), open.stream().filter(t -> t.severity() == s).count());
        }
        m.put("openAlerts", bySeverity);
        Map<String, Long> byState = new LinkedHashMap<>();
        for (AlertState s : List.of(AlertState.FIRING, AlertState.ACKNOWLEDGED, AlertState.ESCALATED)) {
            byState.put(s.wire(), open.stream().filter(t -> t.state() == s).count());
        }
        m.put("byState", byState);
        long now = clock.getAsLong();
        m.put("oldestUnacknowledgedAgeS", open.stream().filter(t -> t.state() != AlertState.ACKNOWLEDGED)
                .mapToLong(t -> Math.max(0, now - t.startsAt()) / 1000).max().orElse(0));
        return m;
    }
}
