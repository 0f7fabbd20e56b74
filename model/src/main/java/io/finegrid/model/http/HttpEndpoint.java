package io.finegrid.model.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.finegrid.model.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP conventions every FineGrid process shares: {@code GET /health} (no auth) reports each
 * component's live state and answers 503 while any is down; {@code GET /metrics} (bearer token)
 * serves Prometheus text. The platform serves it on {@code FG_HTTP_PORT}; a standalone ingest
 * gateway on its own port. Further routes (the alert API) are added with {@link #route}.
 */
public final class HttpEndpoint implements AutoCloseable {
    private final HttpServer server;
    private final List<Component> components;
    private final List<MetricsSource> metrics;
    private final byte[] token;

    public HttpEndpoint(int port, String token, List<Component> components, List<MetricsSource> metrics) throws IOException {
        this.components = components;
        this.metrics = metrics;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 64);
        // Up to 64 requests at once: live consoles keep one streaming request open each.
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(4, 64, 60,
                java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "fg-http");
                    t.setDaemon(true);
                    return t;
                }, new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy());
        server.setExecutor(pool);
        server.createContext("/health", this::health);
        server.createContext("/metrics", this::metrics);
        server.createContext("/", ex -> send(ex, 404, "application/json", "{\"error\":\"not found\"}"));
    }

    /** Adds a route; its handler sees every request under {@code path}. */
    public HttpEndpoint route(String path, com.sun.net.httpserver.HttpHandler handler) {
        server.createContext(path, handler);
        return this;
    }

    public HttpEndpoint start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void health(HttpExchange ex) throws IOException {
        Map<String, String> states = new LinkedHashMap<>();
        boolean allUp = true;
        for (Component c : components) {
            boolean up;
            try {
                up = c.up().getAsBoolean();
            } catch (RuntimeException e) {
                up = false;
            }
            states.put(c.name(), up ? "up" : "down");
            allUp &= up;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", allUp ? "up" : "degraded");
        body.put("components", states);
        send(ex, allUp ? 200 : 503, "application/json", Json.writeString(body));
    }

    private void metrics(HttpExchange ex) throws IOException {
        if (!authorized(ex)) {
            send(ex, 401, "application/json", "{\"error\":\"missing or wrong bearer token\"}");
            return;
        }
        StringBuilder out = new StringBuilder();
        metrics.forEach(m -> m.write(out));
        send(ex, 200, "text/plain; version=0.0.4", out.toString());
    }

    private boolean authorized(HttpExchange ex) {
        String h = ex.getRequestHeaders().getFirst("Authorization");
        if (h == null || !h.startsWith("Bearer ")) {
            return false;
        }
        // Constant-time comparison: the token must not leak through response timing.
        return MessageDigest.isEqual(token, h.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
