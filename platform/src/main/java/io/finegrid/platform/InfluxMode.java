package io.finegrid.platform;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * Which write API to use. {@code FG_INFLUX_MODE} decides when set; otherwise the server's
 * {@code /ping} version header does: servers before 1.8 have no {@code /api/v2/write}.
 */
final class InfluxMode {
    private InfluxMode() {}

    static String choose(String url, String configured) {
        if (configured != null && !configured.isBlank() && !configured.equalsIgnoreCase("auto")) {
            return configured.toLowerCase(Locale.ROOT);
        }
        String version = version(url);
        return version != null && isBefore18(version) ? "v1" : "v2";
    }

    static boolean isBefore18(String version) {
        String[] p = version.replaceFirst("^v", "").split("\\.");
        try {
            int major = Integer.parseInt(p[0]);
            int minor = p.length > 1 ? Integer.parseInt(p[1].replaceAll("\\D.*", "")) : 0;
            return major < 1 || (major == 1 && minor < 8);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String version(String url) {
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/ping"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            return r.headers().firstValue("X-Influxdb-Version").orElse(null);
        } catch (Exception e) {
            return null;
        }
    }
}
