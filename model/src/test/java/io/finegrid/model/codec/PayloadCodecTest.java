package io.finegrid.model.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.model.deadletter.Reason;
import io.finegrid.model.device.EventType;
import io.finegrid.model.request.RequestStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PayloadCodecTest {
    static final long NOW = 1_764_072_000_000L;
    static final String T = "fg/c1/B01/wp-B01-1/telemetry";
    static final String E = "fg/c1/B01/wp-B01-1/event";
    static final String S = "fg/c1/B01/wp-B01-1/status";
    static final String R = "fg/c1/requests";
    static final DeviceDirectory DIR = (c, d) -> Map.of("wp-B01-1", "B01", "elv-B02-1", "B02").entrySet().stream()
            .filter(e -> c.equals("c1") && e.getKey().equals(d)).map(Map.Entry::getValue).findFirst();
    final PayloadCodec codec = new PayloadCodec(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), DIR);

    static Stream<Arguments> badPayloads() {
        String big = "{\"ts\":" + NOW + ",\"metrics\":{\"a\":1},\"pad\":\"" + "x".repeat(70_000) + "\"}";
        StringBuilder many = new StringBuilder("{\"ts\":" + NOW + ",\"metrics\":{");
        for (int i = 0; i < 65; i++) {
            many.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":1");
        }
        many.append("}}");
        return Stream.of(
                Arguments.of("fg/c1/B01/wp-B01-1/unknown", "{}", Reason.BAD_TOPIC),
                Arguments.of("fg/c1/B01/wp B01/telemetry", "{}", Reason.BAD_TOPIC),
                Arguments.of("other/c1/B01/wp-B01-1/telemetry", "{}", Reason.BAD_TOPIC),
                Arguments.of(T, big, Reason.TOO_LARGE),
                Arguments.of(T, "not json", Reason.BAD_JSON),
                Arguments.of(T, "", Reason.BAD_JSON),
                Arguments.of(T, "{\"ts\":1,\"ts\":2}", Reason.BAD_JSON),
                Arguments.of(T, "{\"ts\":" + NOW + ",\"metrics\":{\"a\":NaN}}", Reason.BAD_JSON),
                Arguments.of(T, "42", Reason.NOT_AN_OBJECT),
                Arguments.of(T, "[]", Reason.EMPTY_BATCH),
                Arguments.of(T, "{\"metrics\":{\"a\":1}}", Reason.MISSING_FIELD),
                Arguments.of(T, "{\"ts\":\"now\",\"metrics\":{\"a\":1}}", Reason.WRONG_TYPE),
                Arguments.of(T, "{\"ts\":" + NOW + ".5,\"metrics\":{\"a\":1}}", Reason.WRONG_TYPE),
                Arguments.of(T, "{\"ts\":" + (NOW + 25 * 3_600_000L) + ",\"metrics\":{\"a\":1}}", Reason.TS_IN_FUTURE),
                Arguments.of(T, "{\"ts\":" + (NOW - 8 * 86_400_000L) + ",\"metrics\":{\"a\":1}}", Reason.TS_TOO_OLD),
                Arguments.of(T, "{\"ts\":" + NOW + ",\"seq\":\"x\",\"metrics\":{\"a\":1}}", Reason.WRONG_TYPE),
                Arguments.of(T, "{\"ts\":" + NOW + ",\"seq\":-1,\"metrics\":{\"a\":1}}", Reason.OUT_OF_RANGE),
                Arguments.of(T, "{\"ts\":" + NOW + "}", Reason.MISSING_FIELD),
                Arguments.of(T, "{\"ts\":" + NOW + ",\"metrics\":[1]}", Reason.WRONG_TYPE),
                Arguments.of(T, "{\"ts\":" + NOW + ",\"metrics\":{}}", Reason.EMPTY_METRICS),
                Arguments.of(T, many.toString(), Reason.TOO_MANY_METRICS),
                Arguments.of(T, "{\"ts\":" + NOW + ",\"metrics\":{\"Bad-Name\":1}}", Reason.BAD_METRIC_NAME),
                Arguments.of(T, "{\"ts\":" + NOW + ",\"metrics\":{\"x\":null}}", Reason.WRONG_TYPE),
                Arguments.of(T, "{\"ts\":" + NOW + ",\"metrics\":{\"x\":\"1\"}}", Reason.WRONG_TYPE),
                Arguments.of(T, "{\"ts\":" + NOW + ",\"metrics\":{\"x\":1e400}}", Reason.NON_FINITE_NUMBER),
                Arguments.of("fg/c1/B01/nobody/telemetry", "{\"ts\":" + NOW + ",\"metrics\":{\"x\":1}}", Reason.UNKNOWN_DEVICE),
                Arguments.of("fg/c2/B01/wp-B01-1/telemetry", "{\"ts\":" + NOW + ",\"metrics\":{\"x\":1}}", Reason.UNKNOWN_DEVICE),
                Arguments.of("fg/c1/B02/wp-B01-1/telemetry", "{\"ts\":" + NOW + ",\"metrics\":{\"x\":1}}", Reason.WRONG_BUILDING),
                Arguments.of(E, "{\"ts\":" + NOW + "}", Reason.MISSING_FIELD),
                Arguments.of(E, "{\"ts\":" + NOW + ",\"type\":\"explosion\"}", Reason.UNKNOWN_VALUE),
                Arguments.of(E, "{\"ts\":" + NOW + ",\"type\":7}", Reason.WRONG_TYPE),
                Arguments.of(E, "{\"ts\":" + NOW + ",\"type\":\"fault\",\"detail\":\"" + "d".repeat(513) + "\"}", Reason.TOO_LONG),
                Arguments.of(E, "{\"ts\":" + NOW + ",\"type\":\"fault\",\"code\":5}", Reason.WRONG_TYPE),
                Arguments.of(E, "{\"ts\":" + NOW + ",\"type\":\"state\",\"state\":\"on\"}", Reason.WRONG_TYPE),
                Arguments.of(S, "{\"ts\":" + NOW + "}", Reason.MISSING_FIELD),
                Arguments.of(S, "{\"ts\":" + NOW + ",\"online\":\"yes\"}", Reason.WRONG_TYPE),
                Arguments.of(S, "{\"ts\":" + NOW + ",\"online\":true,\"battery_pct\":140}", Reason.OUT_OF_RANGE),
                Arguments.of(S, "{\"ts\":" + NOW + ",\"online\":true,\"rssi_dbm\":\"weak\"}", Reason.WRONG_TYPE),
                Arguments.of(R, "{\"ts\":" + NOW + ",\"status\":\"opened\",\"category\":\"x\"}", Reason.MISSING_FIELD),
                Arguments.of(R, "{\"ts\":" + NOW + ",\"requestId\":\"R 1\",\"status\":\"opened\",\"category\":\"x\"}", Reason.BAD_IDENTIFIER),
                Arguments.of(R, "{\"ts\":" + NOW + ",\"requestId\":\"R-1\",\"status\":\"lost\"}", Reason.UNKNOWN_VALUE),
                Arguments.of(R, "{\"ts\":" + NOW + ",\"requestId\":\"R-1\",\"status\":\"opened\"}", Reason.MISSING_FIELD),
                Arguments.of(R, "{\"ts\":" + NOW + ",\"requestId\":\"R-1\",\"status\":\"closed\",\"rating\":9}", Reason.OUT_OF_RANGE),
                Arguments.of(R, "{\"ts\":" + NOW + ",\"requestId\":\"R-1\",\"status\":\"closed\",\"rating\":4.5}", Reason.WRONG_TYPE),
                Arguments.of(R, "{\"ts\":" + NOW + ",\"requestId\":\"R-1\",\"status\":\"assigned\",\"assignee\":\"crew 2\"}", Reason.BAD_IDENTIFIER));
    }

    @ParameterizedTest(name = "[{index}] {2}: {0} {1}")
    @MethodSource("badPayloads")
    void rejectsWithPreciseReason(String topic, String payload, Reason expected) {
        Decoded d = codec.decode(topic, payload.getBytes(StandardCharsets.UTF_8));
        assertTrue(d.accepted().isEmpty(), "nothing accepted");
        assertEquals(1, d.rejected().size());
        assertEquals(expected, d.rejected().get(0).rejection().reason(), d.rejected().get(0).rejection().detail());
        assertTrue(!d.rejected().get(0).rejection().detail().isBlank());
    }

    @Test
    void rejectsInvalidUtf8() {
        Decoded d = codec.decode(T, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'});
        assertEquals(Reason.NOT_UTF8, d.rejected().get(0).rejection().reason());
    }

    @Test
    void acceptsReadingWithNumbersAndBooleans() {
        Decoded d = codec.decode(T, ("{\"ts\":" + NOW + ",\"seq\":42,\"metrics\":{\"pressure_mpa\":0.31,\"running\":true}}")
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(d.rejected().isEmpty());
        var r = assertInstanceOf(Normalized.Reading.class, d.accepted().get(0)).value();
        assertEquals("c1", r.community());
        assertEquals("B01", r.building());
        assertEquals("wp-B01-1", r.deviceId());
        assertEquals(NOW, r.ts());
        assertEquals(42L, r.seq());
        assertEquals(Map.of("pressure_mpa", 0.31, "running", true), r.metrics());
        assertEquals(NOW, r.ingestTs());
    }

    @Test
    void batchKeepsGoodElementsAndRejectsBadOnes() {
        String batch = "[{\"ts\":" + NOW + ",\"metrics\":{\"a\":1}},{\"ts\":" + NOW + ",\"metrics\":{}},{\"ts\":"
                + (NOW + 1) + ",\"metrics\":{\"a\":2}}]";
        Decoded d = codec.decode(T, batch.getBytes(StandardCharsets.UTF_8));
        assertEquals(2, d.accepted().size());
        assertEquals(1, d.rejected().size());
        assertEquals(Reason.EMPTY_METRICS, d.rejected().get(0).rejection().reason());
        assertTrue(d.rejected().get(0).rejection().detail().startsWith("element 1:"));
        assertEquals("{\"ts\":" + NOW + ",\"metrics\":{}}", new String(d.rejected().get(0).payload(), StandardCharsets.UTF_8));
    }

    @Test
    void acceptsEventStatusAndRequest() {
        var ev = assertInstanceOf(Normalized.Event.class, codec.decode(E, ("{\"ts\":" + NOW
                + ",\"type\":\"fault\",\"code\":\"E30\",\"detail\":\"trapped\"}").getBytes(StandardCharsets.UTF_8))
                .accepted().get(0)).value();
        assertEquals(EventType.FAULT, ev.type());
        assertEquals("E30", ev.code());
        var st = assertInstanceOf(Normalized.Status.class, codec.decode(S, ("{\"ts\":" + NOW
                + ",\"online\":false,\"battery_pct\":87}").getBytes(StandardCharsets.UTF_8)).accepted().get(0)).value();
        assertEquals(false, st.online());
        assertEquals(87.0, st.batteryPct());
        var rq = assertInstanceOf(Normalized.Request.class, codec.decode(R, ("{\"ts\":" + NOW
                + ",\"requestId\":\"R-2025-000184\",\"status\":\"opened\",\"category\":\"elevator_fault\","
                + "\"building\":\"B03\",\"reporter\":\"r-7f3a\",\"channel\":\"app\"}").getBytes(StandardCharsets.UTF_8))
                .accepted().get(0)).value();
        assertEquals(RequestStatus.OPENED, rq.status());
        assertEquals("c1", rq.community());
        assertEquals(Optional.of("B02"), DIR.buildingOf("c1", "elv-B02-1"));
    }
}
