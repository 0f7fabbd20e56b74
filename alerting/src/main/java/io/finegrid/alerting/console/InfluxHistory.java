package io.finegrid.alerting.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.finegrid.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * History for the console, read with InfluxQL ({@code GET /query}), which InfluxDB 1.x, 2.x (v1
 * compatibility) and 3.x all answer. Values put into a query are quoted here, nowhere else.
 */
public final class InfluxHistory {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String url;
    private final String db;
    private final String token;

    public InfluxHistory(String url, String db, String token) {
        this.url = url;
        this.db = db;
        this.token = token == null ? "" : token;
    }

    /** A string literal for InfluxQL: {@code 'it''s'} style escaping of quotes and backslashes. */
    public static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** The rows of a SELECT: column -> value (time in epoch ms), with the series' tags. */
    public List<Map<String, Object>> rows(String influxql) throws IOException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url + "/query?epoch=ms&db="
                        + URLEncoder.encode(db, StandardCharsets.UTF_8) + "&q=" + URLEncoder.encode(influxql, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10)).GET();
        if (!token.isEmpty()) {
            r.header("Authorization", token.contains(":")
                    ? "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8))
                    : "Token " + token);
        }
        HttpResponse<String> a;
        try {
            a = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (a.statusCode() / 100 != 2) {
            throw new IOException("InfluxDB answered " + a.statusCode() + ": " + a.body());
        }
        JsonNode root = Json.MAPPER.readTree(a.body());
        JsonNode result = root.path("results").path(0);
        if (result.has("error")) {
            throw new IOException("InfluxDB: " + result.get("error").asText());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (JsonNode series : result.path("series")) {
            List<String> cols = new ArrayList<>();
            series.path("columns").forEach(c -> cols.add(c.asText()));
            for (JsonNode v : series.path("values")) {
                Map<String, Object> row = new LinkedHashMap<>();
                series.path("tags").properties().forEach(t -> row.put(t.getKey(), t.getValue().asText()));
                for (int i = 0; i < cols.size(); i++) {
                    row.put(cols.get(i), Json.MAPPER.convertValue(v.get(i), Object.class));
                }
                out.add(row);
            }
        }
        return out;
    }
}
