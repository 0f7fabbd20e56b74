package io.finegrid.alerting.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The console's files: the page, its script and style from this module's resources, and the
 * charting library (Apache ECharts) from its WebJar on the classpath. No build step, no network:
 * everything the page needs is served here. The page itself needs no token; every piece of data
 * it shows comes through the API, which does.
 */
public final class ConsoleResources implements HttpHandler {
    static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final Map<String, String> FILES = Map.of(
            "/console/", "io/finegrid/console/index.html",
            "/console/index.html", "io/finegrid/console/index.html",
            "/console/app.js", "io/finegrid/console/app.js",
            "/console/style.css", "io/finegrid/console/style.css",
            "/console/lib/echarts.min.js", ECHARTS);

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (path.equals("/console")) {
            ex.getResponseHeaders().set("Location", "/console/");
            ex.sendResponseHeaders(302, -1);
            ex.close();
            return;
        }
        String resource = FILES.get(path);
        try (InputStream in = resource == null ? null : getClass().getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                byte[] b = "not found".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(404, b.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(b);
                }
                return;
            }
            byte[] body = in.readAllBytes();
            ex.getResponseHeaders().set("Content-Type", type(path));
            ex.getResponseHeaders().set("Cache-Control", path.contains("/lib/") ? "max-age=86400" : "no-cache");
            ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    private static String type(String path) {
        if (path.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (path.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/html; charset=utf-8";
    }
}
