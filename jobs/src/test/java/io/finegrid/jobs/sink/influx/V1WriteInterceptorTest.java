package io.finegrid.jobs.sink.influx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import okhttp3.Request;
import org.junit.jupiter.api.Test;

class V1WriteInterceptorTest {
    static Request write(String url, String auth) {
        Request.Builder b = new Request.Builder().url(url);
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return b.build();
    }

    @Test
    void rewritesV2WriteToV1WithDatabaseRetentionPolicyAndPrecision() {
        Request r = V1WriteInterceptor.rewrite(write(
                "http://influx:8086/base/api/v2/write?org=o&bucket=finegrid%2Fweekly&precision=us", null));
        assertEquals("http://influx:8086/base/write?db=finegrid&rp=weekly&precision=u", r.url().toString());
        Request ms = V1WriteInterceptor.rewrite(write("http://influx:8086/api/v2/write?org=o&bucket=fg&precision=ms", null));
        assertEquals("http://influx:8086/write?db=fg&precision=ms", ms.url().toString());
    }

    @Test
    void userPasswordTokenBecomesBasicAuthAndEmptyTokenIsDropped() {
        Request basic = V1WriteInterceptor.rewrite(write("http://h/api/v2/write?bucket=fg&precision=ms", "Token admin:s3cret"));
        assertEquals("Basic YWRtaW46czNjcmV0", basic.header("Authorization"));
        Request none = V1WriteInterceptor.rewrite(write("http://h/api/v2/write?bucket=fg&precision=ms", "Token "));
        assertNull(none.header("Authorization"));
        Request token = V1WriteInterceptor.rewrite(write("http://h/api/v2/write?bucket=fg&precision=ms", "Token abc"));
        assertEquals("Token abc", token.header("Authorization"));
    }

    @Test
    void otherRequestsPassUnchanged() {
        Request q = write("http://h/query?q=SHOW+DATABASES", "Token x");
        assertSame(q, V1WriteInterceptor.rewrite(q));
    }
}
