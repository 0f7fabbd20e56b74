package io.finegrid.alerting.console;

import com.sun.net.httpserver.HttpExchange;
import io.finegrid.alerting.AlertingMetrics;
import io.finegrid.alerting.api.Access;
import io.finegrid.alerting.api.Caller;
import io.finegrid.alerting.api.JsonApi;
import io.finegrid.alerting.api.Tokens;
import io.finegrid.alerting.book.AlertBook;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.Severity;
import io.finegrid.alerting.config.CurrentConfig;
import io.finegrid.model.config.CommunityConfig;
import io.finegrid.model.config.FineGridConfig;
import io.finegrid.model.config.RulesConfig;
import io.finegrid.model.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * What the live console reads beyond the alert API, under {@code /api/console/}: the community at
 * a glance ({@code overview}), a grid's backlog and KPI history ({@code grids/{grid}/history}),
 * a device's telemetry, rule thresholds and status history ({@code devices/{id}}), and the live
 * feed of alert transitions ({@code stream}, server-sent events). History comes from
 * InfluxDB; alerts from the alert book, which follows {@code fg.alerts}.
 */
public final class ConsoleApi extends JsonApi {
    private final AlertBook book;
    private final Access access;
    private final CurrentConfig current;
    private final InfluxHistory history;
    private final LongSupplier clock;

    public ConsoleApi(AlertBook book, Tokens tokens, CurrentConfig config, InfluxHistory history,
                      AlertingMetrics metrics, LongSupplier clock) {
        super(tokens, metrics);
        this.book = book;
        this.access = new Access(config);
        this.current = config;
        this.history = history;
        this.clock = clock;
    }

    @Override
    protected Reply route(String method, String path, Map<String, String> q, byte[] body, Caller c) throws IOException {
        if (!method.equals("GET")) {
            return Reply.error(405, "GET only");
        }
        String[] all = parts(path); // "", "api", "console", ...
        String[] p = java.util.Arrays.copyOfRange(all, Math.min(1, all.length), all.length); // "api", "console", ...
        if (p.length == 3 && p[2].equals("overview")) {
            return Reply.ok(overview(c));
        }
        if (p.length == 5 && p[2].equals("grids") && p[4].equals("history")) {
            if (!access.seesGrid(c, p[3]) && c.role() != Caller.Role.CREW) {
                return Reply.error(403, "grid " + p[3] + " is not yours");
            }
            return history == null ? Reply.error(503, "history is not available: no InfluxDB configured")
                    : Reply.ok(gridHistory(p[3]));
        }
        if (p.length == 4 && p[2].equals("devices")) {
            CommunityConfig.Device d = config().community().devicesById().get(p[3]);
            if (d == null) {
                return Reply.error(404, "no device " + p[3]);
            }
            String grid = gridOf(d.building());
            if (c.role() == Caller.Role.MANAGER && !c.grids().contains(grid)) {
                return Reply.error(403, "device " + p[3] + " is not in your grids");
            }
            return Reply.ok(device(d, grid, c));
        }
        return Reply.error(404, "not found");
    }

    private String gridOf(String building) {
        return config().community().buildings().stream().filter(b -> b.id().equals(building)).findFirst()
                .map(CommunityConfig.Building::grid).orElse("unknown");
    }

    /** Every grid (a manager: theirs) with its buildings, each coloured by its worst open alert. */
    Map<String, Object> overview(Caller c) throws IOException {
        List<AlertTransition> open = book.find(t -> t.state() != AlertState.RESOLVED && access.sees(c, t));
        Map<String, Map<String, Object>> health = new LinkedHashMap<>();
        if (history != null) {
            for (Map<String, Object> row : history.rows("SELECT last(\"devices\") AS \"devices\", last(\"online\") AS \"online\","
                    + " last(\"requests_open\") AS \"requests_open\", last(\"requests_breached\") AS \"requests_breached\""
                    + " FROM \"grid_health\" WHERE \"community\" = " + InfluxHistory.literal(config().community().community())
                    + " AND time > now() - 1d GROUP BY \"grid\"")) {
                health.put((String) row.get("grid"), row);
            }
        }
        Map<String, Long> devicesPerBuilding = new LinkedHashMap<>();
        config().community().devicesById().values().forEach(d -> devicesPerBuilding.merge(d.building(), 1L, Long::sum));
        List<Map<String, Object>> grids = new ArrayList<>();
        for (CommunityConfig.Grid g : config().community().grids()) {
            if (c.role() == Caller.Role.MANAGER && !c.grids().contains(g.id())) {
                continue;
            }
            List<AlertTransition> inGrid = open.stream().filter(t -> g.id().equals(t.grid())).toList();
            List<Map<String, Object>> buildings = new ArrayList<>();
            for (CommunityConfig.Building b : config().community().buildings()) {
                if (!b.grid().equals(g.id())) {
                    continue;
                }
                List<AlertTransition> here = inGrid.stream().filter(t -> b.id().equals(t.building())).toList();
                Map<String, Object> tile = new LinkedHashMap<>();
                tile.put("building", b.id());
                tile.put("devices", devicesPerBuilding.getOrDefault(b.id(), 0L));
                tile.put("alerts", here.size());
                tile.put("worst", worst(here));
                buildings.add(tile);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("grid", g.id());
            m.put("name", g.name());
            m.put("manager", g.manager());
            m.put("alerts", inGrid.size());
            m.put("worst", worst(inGrid));
            Map<String, Object> h = health.get(g.id());
            m.put("devices", h == null ? devicesPerBuilding.entrySet().stream()
                    .filter(e -> gridOf(e.getKey()).equals(g.id())).mapToLong(Map.Entry::getValue).sum() : h.get("devices"));
            m.put("online", h == null ? null : h.get("online"));
            m.put("requestsOpen", h == null ? null : h.get("requests_open"));
            m.put("requestsBreached", h == null ? null : h.get("requests_breached"));
            m.put("buildings", buildings);
            grids.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("community", config().community().community());
        out.put("name", config().community().name());
        out.put("caller", Map.of("id", c.id(), "role", c.role().name().toLowerCase(java.util.Locale.ROOT)));
        out.put("grids", grids);
        out.put("historyAvailable", history != null);
        return out;
    }

    private static String worst(List<AlertTransition> alerts) {
        return alerts.stream().map(AlertTransition::severity).min(Comparator.naturalOrder()).map(Severity::wire)
                .orElse(null);
    }

    Map<String, Object> gridHistory(String grid) throws IOException {
        String where = "\"community\" = " + InfluxHistory.literal(config().community().community()) + " AND \"grid\" = "
                + InfluxHistory.literal(grid);
        Map<String, List<List<Object>>> backlog = new LinkedHashMap<>();
        for (Map<String, Object> r : history.rows("SELECT last(\"open\") AS \"open\", last(\"breached\") AS \"breached\""
                + " FROM \"backlog\" WHERE " + where + " AND time > now() - 6h GROUP BY time(5m), \"category\" fill(previous)")) {
            backlog.computeIfAbsent((String) r.get("category"), k -> new ArrayList<>())
                    .add(java.util.Arrays.asList(r.get("time"), r.get("open"), r.get("breached")));
        }
        List<Map<String, Object>> kpi = history.rows("SELECT * FROM \"kpi\" WHERE " + where
                + " AND time > now() - 2d ORDER BY time DESC LIMIT 48");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("grid", grid);
        out.put("backlog", backlog);
        out.put("kpi", kpi);
        return out;
    }

    Map<String, Object> device(CommunityConfig.Device d, String grid, Caller c) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("device", Map.of("id", d.id(), "type", d.type(), "building", d.building(), "grid", grid,
                "intervalS", d.interval() == null ? 0 : d.interval().toSeconds()));
        List<Map<String, Object>> thresholds = new ArrayList<>();
        for (RulesConfig.Rule r : config().rules().rules()) {
            if (r instanceof RulesConfig.ThresholdRule t && t.appliesTo(d.type())) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("rule", t.id());
                m.put("metric", t.metric());
                m.put("direction", t.direction().name().toLowerCase(java.util.Locale.ROOT));
                m.put("threshold", t.threshold());
                m.put("clear", t.clear());
                m.put("severity", t.severity().wire());
                thresholds.add(m);
            }
        }
        out.put("thresholds", thresholds);
        out.put("alerts", book.find(t -> d.id().equals(t.deviceId()) && access.sees(c, t)).stream().limit(50).toList());
        if (history != null) {
            String where = "\"community\" = " + InfluxHistory.literal(config().community().community()) + " AND \"device\" = "
                    + InfluxHistory.literal(d.id());
            Map<String, List<List<Object>>> telemetry = new LinkedHashMap<>();
            for (Map<String, Object> r : history.rows("SELECT \"mean\", \"min\", \"max\" FROM \"telemetry_1m\" WHERE " + where
                    + " AND time > now() - 6h GROUP BY \"metric\"")) {
                telemetry.computeIfAbsent((String) r.get("metric"), k -> new ArrayList<>())
                        .add(java.util.Arrays.asList(r.get("time"), r.get("mean"), r.get("min"), r.get("max")));
            }
            out.put("telemetry", telemetry);
            out.put("status", history.rows("SELECT \"online\", \"battery_pct\" FROM \"device_status\" WHERE " + where
                    + " AND time > now() - 7d ORDER BY time DESC LIMIT 100"));
        }
        return out;
    }

    /** {@code GET /api/console/stream}: every alert transition the caller may see, as it happens (server-sent events). */
    @Override
    protected boolean stream(HttpExchange ex, Caller c) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/api/console/stream") || !ex.getRequestMethod().equals("GET")) {
            return false;
        }
        BlockingQueue<AlertTransition> queue = new ArrayBlockingQueue<>(1_000);
        Runnable stop = book.listen(t -> {
            if (access.sees(c, t)) {
                queue.offer(t); // a console too slow for 1,000 transitions misses some, and reloads
            }
        });
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
            os.flush();
            long lastWrite = clock.getAsLong();
            while (true) {
                AlertTransition t = queue.poll(1, TimeUnit.SECONDS);
                long now = clock.getAsLong();
                if (t != null) {
                    os.write(("event: alert\ndata: " + Json.writeString(t) + "\n\n").getBytes(StandardCharsets.UTF_8));
                    os.flush();
                    lastWrite = now;
                } else if (now - lastWrite > 15_000) {
                    os.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8)); // also tells us the console left
                    os.flush();
                    lastWrite = now;
                }
            }
        } catch (IOException e) {
            // the console went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stop.run();
        }
        return true;
    }

    /** The configuration in force (fg.config changes it while the service runs). */
    private FineGridConfig config() {
        return current.config();
    }
}
