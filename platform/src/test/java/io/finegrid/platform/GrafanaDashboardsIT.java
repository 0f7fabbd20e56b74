package io.finegrid.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.finegrid.model.json.Json;
import io.finegrid.testkit.Endpoints;
import io.finegrid.testkit.Influx;
import io.finegrid.testkit.LocalStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every query of the Grafana dashboards in deploy/grafana parses as InfluxQL (a real InfluxDB
 * server parses it, with Grafana's macros filled in) and names only measurements, tags and fields
 * that docs/contract.md §4 lists.
 */
class GrafanaDashboardsIT {
    static final Path ROOT = Path.of(System.getProperty("fg.project.root", ".."));

    record Schema(Set<String> tags, Set<String> fields) {}

    /** Measurements, tags and fields from the table of docs/contract.md §4. */
    static Map<String, Schema> contract() throws Exception {
        Map<String, Schema> m = new HashMap<>();
        Pattern row = Pattern.compile("^\\| `([a-z_0-9]+)` \\| ([^|]+) \\| ([^|]+) \\|");
        Pattern ticked = Pattern.compile("`([a-z_0-9]+)`");
        for (String line : Files.readAllLines(ROOT.resolve("docs/contract.md"))) {
            Matcher r = row.matcher(line);
            if (!r.find()) {
                continue;
            }
            Set<String> tags = new LinkedHashSet<>();
            for (String t : r.group(2).split(",")) {
                tags.add(t.strip());
            }
            Set<String> fields = new LinkedHashSet<>();
            Matcher f = ticked.matcher(r.group(3));
            while (f.find()) {
                fields.add(f.group(1));
            }
            if (r.group(3).contains("suffix `_24h`")) {
                new ArrayList<>(fields).forEach(x -> fields.add(x + "_24h"));
            }
            m.put(r.group(1), new Schema(tags, fields));
        }
        return m;
    }

    static List<String> queries(JsonNode dashboard) {
        List<String> q = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(v -> q.add(v.path("query").asText()));
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> q.add(t.path("query").asText())));
        return q;
    }

    static String filled(String q) {
        return q.replace("$timeFilter", "time > now() - 6h").replace("$__interval", "1m")
                .replace("'$community'", "'c1'").replace("'$grid'", "'G1'").replace("'$device'", "'wp-1'")
                .replace("'$metric'", "'pressure_mpa'");
    }

    @Test
    void everyDashboardQueryParsesAndNamesOnlyTheContractsMeasurementsTagsAndFields() throws Exception {
        Map<String, Schema> contract = contract();
        assertTrue(contract.keySet().containsAll(List.of("telemetry_1m", "device_status", "alerts", "backlog",
                "grid_health", "kpi")), "the contract's table was read: " + contract.keySet());
        Endpoints e = LocalStack.shared().endpoints();
        List<Path> files;
        try (Stream<Path> s = Files.list(ROOT.resolve("deploy/grafana/dashboards"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(4, files.size(), "community overview, grid, device, service and KPIs");
        int checked = 0;
        for (Path f : files) {
            JsonNode d = Json.MAPPER.readTree(f.toFile());
            for (String q : queries(d)) {
                String sql = filled(q);
                assertFalse(sql.contains("$") && !sql.matches(".*\\$(col|tag_\\w+).*"), "unfilled macro in " + sql);
                String answer = Influx.query(e.influxUrl(), e.influxDb(), sql);
                assertFalse(answer.contains("\"error\""), f.getFileName() + ": " + sql + " -> " + answer);
                checkNames(f.getFileName() + ": " + q, sql, contract);
                checked++;
            }
        }
        assertTrue(checked >= 20, "queries checked: " + checked);
    }

    static void checkNames(String where, String q, Map<String, Schema> contract) {
        Matcher from = Pattern.compile("FROM \"([a-z_0-9]+)\"").matcher(q);
        assertTrue(from.find(), where + ": a FROM \"measurement\"");
        Schema s = contract.get(from.group(1));
        assertTrue(s != null, where + ": measurement " + from.group(1) + " is not in the contract");
        Matcher key = Pattern.compile("WITH KEY = \"([a-z_0-9]+)\"").matcher(q);
        if (key.find()) {
            assertTrue(s.tags().contains(key.group(1)), where + ": tag " + key.group(1));
        }
        int f = q.indexOf(" FROM ");
        if (q.startsWith("SELECT")) {
            String select = q.substring(0, f).replaceAll("AS \"[^\"]*\"", "");
            quoted(select).forEach(id -> assertTrue(s.fields().contains(id), where + ": field " + id));
        }
        int w = q.indexOf(" WHERE ");
        int g = q.indexOf(" GROUP BY ");
        if (w > 0) {
            String cond = q.substring(w, g > 0 ? g : q.length());
            quoted(cond).forEach(id -> assertTrue(s.tags().contains(id) || s.fields().contains(id),
                    where + ": tag or field " + id));
        }
        if (g > 0) {
            String group = q.substring(g).replaceAll("ORDER BY.*", "");
            quoted(group).forEach(id -> assertTrue(s.tags().contains(id), where + ": group by tag " + id));
        }
    }

    static List<String> quoted(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]+)\"").matcher(s);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
