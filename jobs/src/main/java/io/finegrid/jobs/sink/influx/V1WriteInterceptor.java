package io.finegrid.jobs.sink.influx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Lets the v2 client talk to InfluxDB 1.x: rewrites {@code POST /api/v2/write?bucket=db[/rp]&precision=P}
 * to {@code /write?db=db[&rp=rp]&precision=P}. Registered as a network interceptor, the only place
 * that sees the Authorization header the client adds; {@code Token user:pass} becomes Basic auth.
 */
public final class V1WriteInterceptor implements Interceptor {
    @Override
    public Response intercept(Chain chain) throws IOException {
        return chain.proceed(rewrite(chain.request()));
    }

    /** The 1.x form of a v2 write request; other requests pass unchanged. */
    static Request rewrite(Request req) {
        HttpUrl url = req.url();
        String path = url.encodedPath();
        if (!path.endsWith("/api/v2/write")) {
            return req;
        }
        String bucket = url.queryParameter("bucket");
        String[] dbRp = bucket == null ? new String[] {""} : bucket.split("/", 2);
        HttpUrl.Builder b = url.newBuilder()
                .encodedPath(path.substring(0, path.length() - "/api/v2/write".length()) + "/write")
                .query(null)
                .addQueryParameter("db", dbRp[0]);
        if (dbRp.length > 1 && !dbRp[1].isEmpty()) {
            b.addQueryParameter("rp", dbRp[1]);
        }
        b.addQueryParameter("precision", v1Precision(url.queryParameter("precision")));
        Request.Builder rb = req.newBuilder().url(b.build());
        String auth = req.header("Authorization");
        if (auth != null && (auth.equals("Token") || auth.startsWith("Token "))) {
            String token = auth.substring("Token".length()).trim();
            if (token.contains(":")) {
                rb.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
            } else if (token.isEmpty()) {
                rb.removeHeader("Authorization");
            }
        }
        return rb.build();
    }

    /** 1.x reads "us" as nanoseconds without complaint: it wants "u" (and "n" for ns). */
    static String v1Precision(String p) {
        if (p == null) {
            return "ms";
        }
        return switch (p) {
            case "us" -> "u";
            case "ns" -> "n";
            default -> p;
        };
    }
}
