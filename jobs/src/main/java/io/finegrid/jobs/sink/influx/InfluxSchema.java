package io.finegrid.jobs.sink.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.domain.Bucket;
import com.influxdb.client.domain.BucketRetentionRules;
import com.influxdb.client.domain.Organization;
import com.influxdb.exceptions.InfluxException;
import io.finegrid.model.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database (bucket) the sink writes to exists, with its retention, before the first write:
 * 1.x never creates a database on write. On 1.x (and 1.8 in V2 mode) by InfluxQL
 * ({@code CREATE DATABASE}, then the default retention policy altered); on 2.x through the
 * buckets API (the bucket created with its retention rule when missing, in the sink's org).
 * Idempotent: every writer does it when it opens.
 */
final class InfluxSchema {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxSchema.class);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private InfluxSchema() {}

    static void ensure(InfluxSettings s, InfluxDBClient client) throws IOException {
        try {
            if (s.mode() == InfluxSettings.Mode.V2 && bucketsApi(s, client)) {
                return;
            }
            influxql(s, "CREATE DATABASE \"" + s.database() + "\"");
            if (s.retention() != null) {
                JsonNode policies = Json.MAPPER.readTree(influxql(s, "SHOW RETENTION POLICIES ON \"" + s.database() + "\""));
                for (JsonNode row : policies.path("results").path(0).path("series").path(0).path("values")) {
                    if (row.path(4).asBoolean()) { // the default policy: where writes without rp go
                        influxql(s, "ALTER RETENTION POLICY \"" + row.path(0).asText() + "\" ON \"" + s.database()
                                + "\" DURATION " + hours(s.retention()) + " SHARD DURATION " + shard(s.retention())
                                + " DEFAULT");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while preparing InfluxDB", e);
        }
    }

    /** 2.x: the bucket, created with its retention when missing. False where the server has no buckets API (1.8). */
    private static boolean bucketsApi(InfluxSettings s, InfluxDBClient client) {
        try {
            Bucket b = client.getBucketsApi().findBucketByName(s.database());
            if (b == null) {
                List<Organization> orgs = client.getOrganizationsApi().findOrganizations();
                Organization org = orgs.stream().filter(o -> o.getName().equals(s.org())).findFirst()
                        .orElseThrow(() -> new IllegalStateException("InfluxDB has no organization '" + s.org() + "'"));
                BucketRetentionRules rule = new BucketRetentionRules();
                rule.setEverySeconds(s.retention() == null ? 0 : (int) s.retention().toSeconds());
                client.getBucketsApi().createBucket(s.database(), rule, org.getId());
                LOG.info("created InfluxDB bucket {} (retention {})", s.database(), s.retention());
            }
            return true;
        } catch (InfluxException e) {
            if (e.status() == 404) {
                return false; // 1.8: v2 writes, but no buckets API; its InfluxQL does the job
            }
            throw e;
        }
    }

    private static String influxql(InfluxSettings s, String statement) throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(s.url() + "/query"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=" + URLEncoder.encode(statement, StandardCharsets.UTF_8)));
        if (!s.token().isEmpty()) {
            r.header("Authorization", s.token().contains(":") && !s.token().startsWith("Token ")
                    ? "Basic " + Base64.getEncoder().encodeToString(s.token().getBytes(StandardCharsets.UTF_8))
                    : "Token " + s.token());
        }
        HttpResponse<String> a = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (a.statusCode() / 100 != 2 || a.body().contains("\"error\"")) {
            throw new IOException("InfluxDB refused '" + statement + "': " + a.statusCode() + " " + a.body());
        }
        return a.body();
    }

    private static String hours(Duration d) {
        return Math.max(1, d.toHours()) + "h";
    }

    /** Shard groups as InfluxDB sizes them by default: 1 h under 2 days, 1 day up to 6 months, 7 days beyond. */
    static String shard(Duration retention) {
        if (retention.compareTo(Duration.ofDays(2)) < 0) {
            return "1h";
        }
        return retention.compareTo(Duration.ofDays(183)) <= 0 ? "1d" : "7d";
    }
}
