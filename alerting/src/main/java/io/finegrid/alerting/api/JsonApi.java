package io.finegrid.alerting.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.finegrid.alerting.AlertingMetrics;
import io.finegrid.model.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What every JSON route of the API shares: the bearer token resolved to a caller (401 without
 * one), an answer with a status and a JSON body, errors in words, every answer counted.
 */
public abstract class JsonApi implements HttpHandler {
    private final Tokens tokens;
    private final AlertingMetrics metrics;

    protected JsonApi(Tokens tokens, AlertingMetrics metrics) {
        this.tokens = tokens;
        this.metrics = metrics;
    }

    /** An answer: status and JSON body. */
    public record Reply(int status, Object body) {
        public static Reply error(int status, String message) {
            return new Reply(status, Map.of("error", message));
        }

        public static Reply ok(Object body) {
            return new Reply(200, body);
        }
    }

    /** The answer to one request of a known caller. */
    protected abstract Reply route(String method, String path, Map<String, String> query, byte[] body, Caller c)
            throws IOException;

    /** A route that answers by streaming instead (the live feed); false: answer with {@link #route}. */
    protected boolean stream(HttpExchange ex, Caller c) throws IOException {
        return false;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        Reply reply;
        try {
            Optional<Caller> caller = tokens.caller(ex.getRequestHeaders().getFirst("Authorization"));
            if (caller.isPresent() && stream(ex, caller.get())) {
                metrics.inc("fg_alerting_api_requests_total", "code", "200");
                return;
            }
            reply = caller.isEmpty() ? Reply.error(401, "missing or unknown bearer token")
                    : route(ex.getRequestMethod(), ex.getRequestURI().getPath(), query(ex.getRequestURI().getRawQuery()),
                            ex.getRequestBody().readAllBytes(), caller.get());
        } catch (IllegalArgumentException e) {
            reply = Reply.error(400, e.getMessage());
        } catch (RuntimeException e) {
            reply = Reply.error(500, "internal error: " + e.getMessage());
        }
        metrics.inc("fg_alerting_api_requests_total", "code", Integer.toString(reply.status()));
        byte[] b = Json.write(reply.body());
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        if (reply.status() == 401) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        }
        ex.sendResponseHeaders(reply.status(), b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    /** The path split at "/", without the trailing slash: "", "api", ... */
    protected static String[] parts(String path) {
        return path.replaceAll("/+$", "").split("/");
    }

    static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8);
            if (!v.isEmpty()) {
                m.put(k, v);
            }
        }
        return m;
    }
}
