package io.finegrid.jobs.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.finegrid.model.json.Json;
import java.io.IOException;
import java.util.Arrays;

/**
 * An {@code fg.telemetry} record read straight into a {@link DeviceInput}, token by token.
 * Jackson's data binding built a map of boxed values and a record on the way (two thirds of the
 * source's time in {@code bench jobs}). This reader only takes records of the shape the
 * ingest gateway writes (the three names as strings, integer times, a flat object of numbers and
 * booleans, unknown fields with plain values); for anything else it answers {@code null}, and the
 * caller reads the record with the mapper as before, so that every record decodes, or is refused
 * with the same message, exactly as it was ({@code ReadingDecoderTest} compares both on
 * thousands of records, odd and broken ones included).
 */
final class ReadingDecoder {
    /**
     * The mapper's own settings without duplicate detection (its cost: a set of names per
     * object): a name seen twice sends the record to the mapper, which refuses it as before.
     */
    private static final JsonFactory FACTORY = Json.MAPPER.getFactory().rebuild()
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
    private static final int COMMUNITY = 1;
    private static final int BUILDING = 2;
    private static final int DEVICE = 4;
    private static final int TS = 8;
    private static final int SEQ = 16;
    private static final int METRICS = 32;
    private static final int INGEST_TS = 64;

    static {
        // The reader leaves duplicates to the mapper; that only holds while the mapper refuses them.
        if (!Json.MAPPER.getFactory().isEnabled(StreamReadFeature.STRICT_DUPLICATE_DETECTION)) {
            throw new IllegalStateException("the mapper no longer refuses duplicate names: ReadingDecoder must too");
        }
    }

    private String[] names = new String[8];
    private double[] values = new double[8];

    /** The reading, or null when the record is not of the common shape (the mapper decides then). */
    DeviceInput decode(byte[] json) {
        try (JsonParser p = FACTORY.createParser(json)) {
            return read(p);
        } catch (IOException | RuntimeException e) {
            return null; // malformed, or a value outside the common shape: the mapper says which
        }
    }

    private DeviceInput read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        DeviceInput r = new DeviceInput();
        r.kind = DeviceInput.Kind.READING;
        int seen = 0;
        String[] unknown = null;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            int bit = bit(field);
            if (bit == 0) {
                // Ignored as the mapper ignores it; a structure could hide a duplicate name inside.
                if (t.isStructStart() || (unknown != null && Arrays.asList(unknown).contains(field))) {
                    return null;
                }
                unknown = unknown == null ? new String[] {field} : append(unknown, field);
                continue;
            }
            if ((seen & bit) != 0) {
                return null;
            }
            seen |= bit;
            switch (bit) {
                case COMMUNITY -> r.community = text(p, t);
                case BUILDING -> r.building = text(p, t);
                case DEVICE -> r.deviceId = text(p, t);
                case TS -> r.ts = integer(p, t);
                case INGEST_TS -> r.ingestTs = integer(p, t);
                case SEQ -> r.seq = integer(p, t);
                default -> {
                    if (t != JsonToken.START_OBJECT || !metrics(p, r)) {
                        return null;
                    }
                }
            }
            if (bit != METRICS && (t == JsonToken.VALUE_NULL || (bit <= DEVICE ? t != JsonToken.VALUE_STRING
                    : t != JsonToken.VALUE_NUMBER_INT))) {
                return null;
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            return null;
        }
        // Without a time or metrics the mapper's defaults and errors apply.
        return (seen & (TS | INGEST_TS | METRICS)) == (TS | INGEST_TS | METRICS) ? r : null;
    }

    private static int bit(String field) {
        return switch (field) {
            case "community" -> COMMUNITY;
            case "building" -> BUILDING;
            case "deviceId" -> DEVICE;
            case "ts" -> TS;
            case "seq" -> SEQ;
            case "metrics" -> METRICS;
            case "ingestTs" -> INGEST_TS;
            default -> 0;
        };
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        return t == JsonToken.VALUE_STRING ? p.getText() : null;
    }

    private static long integer(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            return 0;
        }
        JsonParser.NumberType n = p.getNumberType();
        if (n != JsonParser.NumberType.INT && n != JsonParser.NumberType.LONG) {
            throw new IllegalArgumentException("beyond a long"); // the mapper's error, not ours
        }
        return p.getLongValue();
    }

    /** The metrics object's numbers and booleans, in order; false for any other value or a repeated name. */
    private boolean metrics(JsonParser p, DeviceInput r) throws IOException {
        int n = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            double v;
            if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                v = p.getDoubleValue();
            } else if (t == JsonToken.VALUE_NUMBER_INT) {
                JsonParser.NumberType type = p.getNumberType();
                if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
                    return false; // a BigInteger's double is the mapper's to work out
                }
                v = p.getLongValue();
            } else if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
                v = t == JsonToken.VALUE_TRUE ? 1.0 : 0.0; // as DeviceInput.of reads a Boolean
            } else {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (names[i].equals(name)) {
                    return false;
                }
            }
            if (n == names.length) {
                names = Arrays.copyOf(names, n * 2);
                values = Arrays.copyOf(values, n * 2);
            }
            names[n] = name;
            values[n] = v;
            n++;
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            return false;
        }
        r.metrics = Arrays.copyOf(names, n);
        r.values = Arrays.copyOf(values, n);
        return true;
    }

    private static String[] append(String[] a, String s) {
        String[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = s;
        return b;
    }
}
