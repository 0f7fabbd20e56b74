package io.finegrid.jobs.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.model.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reading decoder must decide every record as the mapper did: the same reading, or the same
 * refusal. Records of the gateway's shape, odd but valid ones, broken ones, and tens of
 * thousands of random mutations of them go through both the mapper and the job's decode.
 */
class ReadingDecoderTest {
    private static final String TYPICAL = "{\"community\":\"c1\",\"building\":\"B01\",\"deviceId\":\"wp-1\","
            + "\"ts\":1700000000000,\"seq\":42,\"metrics\":{\"pressure_mpa\":0.43,\"motor_current_a\":6.5},"
            + "\"ingestTs\":1700000000123}";

    /** What the job made of a record before the decoder: the mapper's reading, or its error. */
    private static String byMapper(byte[] v) {
        try {
            return describe(DeviceInput.of(Topics.TELEMETRY.deserialize(v)));
        } catch (RuntimeException e) {
            return "refused: " + e.getMessage();
        }
    }

    /** What the job's decode makes of it now (the decoder, and the mapper for other shapes). */
    private static String byJob(byte[] v) {
        ReadingDecoder decoder = new ReadingDecoder();
        DeviceInput in = decoder.decode(v);
        if (in != null) {
            return describe(in);
        }
        return byMapper(v);
    }

    private static String describe(DeviceInput in) {
        StringBuilder b = new StringBuilder().append(in.kind).append('|').append(in.community).append('|')
                .append(in.building).append('|').append(in.deviceId).append('|').append(in.ts).append('|')
                .append(in.seq).append('|').append(in.ingestTs);
        for (int i = 0; i < in.metrics.length; i++) {
            // Bits, not text: the same double, not merely the same digits.
            b.append('|').append(in.metrics[i]).append('=').append(Double.doubleToRawLongBits(in.values[i]));
        }
        return b.toString();
    }

    private static void same(String json) {
        byte[] v = json.getBytes(StandardCharsets.UTF_8);
        assertEquals(byMapper(v), byJob(v), json);
    }

    @Test
    void theGatewaysShapeIsReadWithoutTheMapperAndAsTheMapperReadsIt() {
        ReadingDecoder decoder = new ReadingDecoder();
        DeviceInput in = decoder.decode(TYPICAL.getBytes(StandardCharsets.UTF_8));
        assertNotNull(in, "the common shape must take the fast way");
        assertEquals(byMapper(TYPICAL.getBytes(StandardCharsets.UTF_8)), describe(in));
        assertArrayEquals(new String[] {"pressure_mpa", "motor_current_a"}, in.metrics);
        assertArrayEquals(new double[] {0.43, 6.5}, in.values);
        assertEquals(42, in.seq);
    }

    @Test
    void oddButValidRecordsDecodeAsBefore() {
        List<String> odd = List.of(
                " {\n \"ts\" : 5 , \"ingestTs\":6,\"metrics\" : { \"a\" : -0.0 , \"b\": true, \"c\": false, \"d\": 1e3 } } ",
                "{\"metrics\":{\"x\":12345678901234567},\"ts\":1,\"ingestTs\":2,\"deviceId\":\"d\",\"community\":\"c\"}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":0.1,\"y\":-3.25E-2,\"z\":1.7976931348623157e308}}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":123456789012345678901234567890}}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":0.30000000000000004,\"y\":2.2250738585072014E-308}}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":1},\"extra\":\"ignored\",\"more\":7,\"n\":null}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":1},\"extra\":{\"nested\":[1,2,{\"a\":1}]}}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":1},\"deviceId\":\"p\\u00e9\\n\",\"building\":\"\u6c34\u6cf5\"}",
                "{\"ts\":\"17\",\"ingestTs\":2,\"metrics\":{\"x\":1}}",
                "{\"ts\":1.5,\"ingestTs\":2,\"metrics\":{\"x\":1}}",
                "{\"ts\":1,\"ingestTs\":2,\"seq\":null,\"metrics\":{\"x\":1}}",
                "{\"ts\":1,\"ingestTs\":2,\"seq\":\"9\",\"metrics\":{\"x\":1},\"community\":5}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{}}",
                "{\"ts\":1,\"metrics\":{\"x\":1}}",
                "{\"ingestTs\":1,\"metrics\":{\"x\":1}}",
                "{\"ts\":1,\"ingestTs\":2}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":1}} trailing words",
                "{\"ts\":9223372036854775807,\"ingestTs\":-9223372036854775808,\"metrics\":{\"x\":-1}}",
                "\uFEFF{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":1}}");
        for (String json : odd) {
            same(json);
        }
    }

    @Test
    void brokenRecordsAreRefusedAsBefore() {
        List<String> broken = List.of(
                "", "   ", "null", "[]", "[1]", "42", "\"text\"", "{", "{}", "{\"ts\":}",
                "{\"ts\":1,\"ts\":2,\"ingestTs\":2,\"metrics\":{\"x\":1}}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":1,\"x\":2}}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":1},\"u\":1,\"u\":2}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":1},\"u\":{\"a\":1,\"a\":2}}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":\"high\"}}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":null}}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":{\"y\":1}}}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":[1]}}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":null}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":[1,2]}",
                "{\"ts\":99999999999999999999,\"ingestTs\":2,\"metrics\":{\"x\":1}}",
                "{\"ts\":01,\"ingestTs\":2,\"metrics\":{\"x\":1}}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":.5}}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":NaN}}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":1,}}",
                "{\"ts\":1,\"ingestTs\":2,,\"metrics\":{\"x\":1}}",
                "{\"ts\":1 \"ingestTs\":2,\"metrics\":{\"x\":1}}",
                "{'ts':1,\"ingestTs\":2,\"metrics\":{\"x\":1}}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":1},\"deviceId\":\"a\tb\"}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":1},\"deviceId\":\"\\q\"}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":1},\"deviceId\":[\"a\"]}",
                "{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"x\":1},\"deviceId\":true}",
                "{\"ts\":true,\"ingestTs\":2,\"metrics\":{\"x\":1}}");
        for (String json : broken) {
            same(json);
        }
        same(new String(new byte[] {'{', '"', 't', 's', '"', ':', '1', ',', '"', 'd', 'e', 'v', 'i', 'c', 'e', 'I', 'd',
                '"', ':', '"', (byte) 0xC3, '"', '}'}, StandardCharsets.ISO_8859_1));
    }

    @Test
    void randomRecordsAndRandomDamageDecideAsTheMapperDecides() {
        Random random = new Random(7);
        int fast = 0;
        int cases = 0;
        for (int i = 0; i < 3_000; i++) {
            byte[] record = randomRecord(random).getBytes(StandardCharsets.UTF_8);
            if (new ReadingDecoder().decode(record) != null) {
                fast++;
            }
            assertEquals(byMapper(record), byJob(record), new String(record, StandardCharsets.UTF_8));
            cases++;
            for (int m = 0; m < 10; m++) {
                byte[] damaged = mutate(record, random);
                assertEquals(byMapper(damaged), byJob(damaged), new String(damaged, StandardCharsets.ISO_8859_1));
                cases++;
            }
        }
        assertEquals(33_000, cases);
        // Most generated records have the gateway's shape: the comparison is of the fast way, not only the mapper.
        assertTrue(fast > 2_000, "fast-path records: " + fast);
    }

    @Test
    void everyNumberIsTheDoubleTheMapperReads() {
        Random random = new Random(11);
        int fast = 0;
        for (int i = 0; i < 40_000; i++) {
            String number = randomNumber(random);
            byte[] record = ("{\"ts\":1,\"ingestTs\":2,\"metrics\":{\"v\":" + number + "}}").getBytes(StandardCharsets.UTF_8);
            if (new ReadingDecoder().decode(record) != null) {
                fast++;
            }
            assertEquals(byMapper(record), byJob(record), number);
        }
        assertTrue(fast > 30_000, "numbers read the fast way: " + fast);
    }

    @Test
    void aRecordTheDecoderLeavesAloneStillReachesTheMapper() {
        byte[] weird = "{\"ts\":\"17\",\"ingestTs\":2,\"metrics\":{\"x\":1},\"deviceId\":\"d\",\"community\":\"c\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertNull(new ReadingDecoder().decode(weird));
        List<DeviceInput> out = new ArrayList<>();
        new DeviceInputDeserializer().deserialize(
                new org.apache.kafka.clients.consumer.ConsumerRecord<>(Topics.TELEMETRY.name(), 0, 0, null, weird),
                new org.apache.flink.util.Collector<>() {
                    @Override
                    public void collect(DeviceInput record) {
                        out.add(record);
                    }

                    @Override
                    public void close() {}
                });
        assertEquals(1, out.size());
        assertNull(out.get(0).error);
        assertEquals(17, out.get(0).ts);
    }

    private static String randomRecord(Random r) {
        List<String> fields = new ArrayList<>();
        if (r.nextInt(20) != 0) {
            fields.add("\"community\":\"c" + r.nextInt(3) + "\"");
        }
        if (r.nextInt(20) != 0) {
            fields.add("\"building\":\"B" + r.nextInt(100) + "\"");
        }
        fields.add("\"deviceId\":\"dev-" + r.nextInt(1000) + "\"");
        fields.add("\"ts\":" + (1_700_000_000_000L + r.nextInt(1_000_000)));
        if (r.nextBoolean()) {
            fields.add("\"seq\":" + r.nextInt(100_000));
        }
        fields.add("\"ingestTs\":" + (1_700_000_000_000L + r.nextInt(1_000_000)));
        StringBuilder metrics = new StringBuilder("{");
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            metrics.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":").append(randomNumber(r));
        }
        fields.add("\"metrics\":" + metrics.append('}'));
        if (r.nextInt(10) == 0) { // a field the gateway does not write: the mapper's to read
            fields.add("\"note\":" + (r.nextBoolean() ? "\"x\"" : "3"));
        }
        java.util.Collections.shuffle(fields, r);
        String ws = r.nextInt(4) == 0 ? " " : "";
        return "{" + ws + String.join("," + ws, fields) + ws + "}";
    }

    private static String randomNumber(Random r) {
        return switch (r.nextInt(11)) {
            case 8 -> (r.nextBoolean() ? "-" : "") + r.nextInt(100_000) + "." + r.nextInt(1000) + "e" + (r.nextInt(40) - 20);
            case 9 -> new java.math.BigDecimal(r.nextDouble()).toPlainString().substring(0, 3 + r.nextInt(30));
            case 10 -> Long.toString(r.nextLong() >> r.nextInt(64)) + (r.nextBoolean() ? ".0" : "");
            case 0 -> Integer.toString(r.nextInt(2000) - 1000);
            case 1 -> Long.toString(r.nextLong());
            case 2 -> Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
            case 3 -> r.nextBoolean() ? "true" : "false";
            case 4 -> String.format(java.util.Locale.ROOT, "%.3f", r.nextDouble() * 100 - 50);
            case 5 -> (r.nextInt(10) + 1) + "e" + (r.nextInt(600) - 300);
            case 6 -> "0." + "0".repeat(r.nextInt(5)) + r.nextInt(1_000_000);
            default -> Double.toString(Double.longBitsToDouble(r.nextLong()));
        };
    }

    private static byte[] mutate(byte[] v, Random r) {
        byte[] pool = "{}[]\":,.-+eE0159 \\tnul".getBytes(StandardCharsets.ISO_8859_1);
        int at = r.nextInt(v.length);
        byte b = r.nextInt(10) == 0 ? (byte) r.nextInt(256) : pool[r.nextInt(pool.length)];
        return switch (r.nextInt(3)) {
            case 0 -> { // replace
                byte[] c = v.clone();
                c[at] = b;
                yield c;
            }
            case 1 -> { // insert
                byte[] c = new byte[v.length + 1];
                System.arraycopy(v, 0, c, 0, at);
                c[at] = b;
                System.arraycopy(v, at, c, at + 1, v.length - at);
                yield c;
            }
            default -> { // delete
                byte[] c = new byte[v.length - 1];
                System.arraycopy(v, 0, c, 0, at);
                System.arraycopy(v, at + 1, c, at, v.length - at - 1);
                yield c;
            }
        };
    }
}
