package io.finegrid.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Debian's InfluxDB 1.6 with data, meta and WAL in a private directory. */
public final class Influx {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Influx() {}

    public static ServiceProcess start(HostPort at, Path dir) {
        String binary = Binaries.find("influxd", "/usr/bin/influxd");
        HostPort rpc = HostPort.freeLoopback();
        Path conf = dir.resolve("influxdb.conf");
        try {
            Files.createDirectories(dir);
            Files.writeString(conf, String.join("\n",
                    "reporting-disabled = true",
                    "bind-address = \"" + rpc + "\"",
                    "[meta]",
                    "  dir = \"" + dir.resolve("meta") + "\"",
                    "[data]",
                    "  dir = \"" + dir.resolve("data") + "\"",
                    "  wal-dir = \"" + dir.resolve("wal") + "\"",
                    "  query-log-enabled = false",
                    "[http]",
                    "  bind-address = \"" + at + "\"",
                    "  log-enabled = false",
                    "[monitor]",
                    "  store-enabled = false",
                    "[continuous_queries]",
                    "  enabled = false",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String url = "http://" + at;
        return ServiceProcess.start("influxd", List.of(binary, "run", "-config", conf.toString()), dir)
                .awaitReady(() -> ping(url), Duration.ofSeconds(30));
    }

    public static boolean ping(String url) {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/ping"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 204;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Rows of an InfluxQL SELECT as column-to-value maps (time in epoch ms), series tags included. */
    public static java.util.List<java.util.Map<String, Object>> rows(String url, String db, String influxql) {
        try {
            com.fasterxml.jackson.databind.JsonNode root = io.finegrid.model.json.Json.MAPPER.readTree(query(url, db, influxql));
            java.util.List<java.util.Map<String, Object>> out = new java.util.ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode series : root.path("results").path(0).path("series")) {
                java.util.List<String> cols = new java.util.ArrayList<>();
                series.path("columns").forEach(c -> cols.add(c.asText()));
                for (com.fasterxml.jackson.databind.JsonNode v : series.path("values")) {
                    java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
                    series.path("tags").fields().forEachRemaining(t -> row.put(t.getKey(), t.getValue().asText()));
                    for (int i = 0; i < cols.size(); i++) {
                        row.put(cols.get(i), io.finegrid.model.json.Json.MAPPER.convertValue(v.get(i), Object.class));
                    }
                    out.add(row);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs one InfluxQL statement (CREATE DATABASE, DROP ...) and returns the JSON answer. */
    public static String query(String url, String db, String influxql) {
        String body = "q=" + URLEncoder.encode(influxql, StandardCharsets.UTF_8)
                + (db == null ? "" : "&db=" + URLEncoder.encode(db, StandardCharsets.UTF_8)) + "&epoch=ms";
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/query"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("InfluxQL '" + influxql + "' failed: " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException("InfluxDB at " + url + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
