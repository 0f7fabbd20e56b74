package io.finegrid.jobs.input;

import io.finegrid.jobs.wire.SharedNames;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An {@code fg.telemetry} record read straight from its bytes into a {@link DeviceInput}.
 * Jackson's data binding built a map of boxed values and a record on the way, and even its
 * streaming parser cost the source thread more than the job's rules allowed (541 and 350 ns a
 * record against about 200 here; README, {@code bench hot}).
 *
 * <p>It reads only the shape the ingest gateway writes: ASCII strings without escapes, the three
 * names as strings, integer times, a flat object of numbers and booleans, no other field, strict
 * JSON between them. For anything else it answers {@code null}, and the
 * caller reads the record with the mapper as before, so every record decodes, or is refused with
 * the same message, exactly as it was: {@code ReadingDecoderTest} compares both on tens of
 * thousands of records, odd, broken and randomly damaged ones included.
 */
final class ReadingDecoder {
    private static final byte[] COMMUNITY_NAME = bytes("community");
    private static final byte[] BUILDING_NAME = bytes("building");
    private static final byte[] DEVICE_NAME = bytes("deviceId");
    private static final byte[] TS_NAME = bytes("ts");
    private static final byte[] SEQ_NAME = bytes("seq");
    private static final byte[] METRICS_NAME = bytes("metrics");
    private static final byte[] INGEST_TS_NAME = bytes("ingestTs");
    /** A field's bit, for the set of fields seen (0: a field the reading does not have). */
    private static final int COMMUNITY = 1;
    private static final int BUILDING = 2;
    private static final int DEVICE = 4;
    private static final int TS = 8;
    private static final int SEQ = 16;
    private static final int METRICS = 32;
    private static final int INGEST_TS = 64;
    private static final int REQUIRED = TS | METRICS | INGEST_TS;
    /** Powers of ten a double holds exactly: a mantissa below 2^53 scaled by one of them is rounded once, correctly. */
    private static final double[] EXACT_POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    /** Longer numbers go to the mapper, whose limits then apply. */
    private static final int MAX_NUMBER_LENGTH = 64;

    /** Metric, community and building names repeat record after record: one string each. */
    private final SharedNames names = new SharedNames();
    private String[] metrics = new String[8];
    private double[] values = new double[8];

    private byte[] b;
    private int at;
    /** The last number read: its value, and whether it was written as an integer. */
    private long integer;
    private double number;
    private boolean isInteger;

    /** The reading, or null when the record is not of the common shape (the mapper decides then). */
    DeviceInput decode(byte[] json) {
        b = json;
        at = 0;
        try {
            return read();
        } catch (RuntimeException e) { // the record ended early (past the array's end), or worse
            return null; // the mapper says how
        } finally {
            b = null;
        }
    }

    private DeviceInput read() {
        if (!expect('{')) {
            return null;
        }
        DeviceInput r = new DeviceInput();
        r.kind = DeviceInput.Kind.READING;
        int seen = 0;
        skipSpace();
        if (b[at] == '}') {
            return null; // no time: the mapper's defaults apply
        }
        while (true) {
            int nameStart = stringStart();
            if (nameStart < 0) {
                return null;
            }
            int nameEnd = at - 1; // at is past the closing quote
            if (!expect(':')) {
                return null;
            }
            skipSpace();
            int field = field(nameStart, nameEnd);
            if ((seen & field) != 0) {
                return null; // a repeated name: the mapper refuses it
            }
            seen |= field;
            switch (field) {
                case COMMUNITY, BUILDING, DEVICE -> {
                    int s = stringStart();
                    if (s < 0) {
                        return null;
                    }
                    int n = at - 1 - s;
                    if (field == COMMUNITY) {
                        r.community = names.of(b, s, n);
                    } else if (field == BUILDING) {
                        r.building = names.of(b, s, n);
                    } else { // too many to share
                        r.deviceId = new String(b, s, n, StandardCharsets.ISO_8859_1);
                    }
                }
                case TS, SEQ, INGEST_TS -> {
                    if (!readNumber() || !isInteger) {
                        return null;
                    }
                    if (field == TS) {
                        r.ts = integer;
                    } else if (field == SEQ) {
                        r.seq = integer;
                    } else {
                        r.ingestTs = integer;
                    }
                }
                case METRICS -> {
                    if (!readMetrics(r)) {
                        return null;
                    }
                }
                default -> {
                    return null; // a field the gateway does not write: the mapper ignores it, or refuses the record
                }
            }
            skipSpace();
            byte c = b[at++];
            if (c == '}') {
                break;
            }
            if (c != ',') {
                return null;
            }
            skipSpace();
        }
        // Without a time or metrics the mapper's defaults and errors apply.
        return (seen & REQUIRED) == REQUIRED ? r : null;
    }

    /** The field's bit, by its name's bytes {@code [s, e)}. */
    private int field(int s, int e) {
        int n = e - s;
        if (n == 2 && sameBytes(TS_NAME, s)) {
            return TS;
        }
        if (n == 3 && sameBytes(SEQ_NAME, s)) {
            return SEQ;
        }
        if (n == 7 && sameBytes(METRICS_NAME, s)) {
            return METRICS;
        }
        if (n == 8) {
            return sameBytes(DEVICE_NAME, s) ? DEVICE : sameBytes(BUILDING_NAME, s) ? BUILDING
                    : sameBytes(INGEST_TS_NAME, s) ? INGEST_TS : 0;
        }
        return n == 9 && sameBytes(COMMUNITY_NAME, s) ? COMMUNITY : 0;
    }

    private boolean readMetrics(DeviceInput r) {
        if (b[at++] != '{') {
            return false;
        }
        int n = 0;
        skipSpace();
        if (b[at] == '}') {
            at++;
        } else {
            while (true) {
                int s = stringStart();
                if (s < 0) {
                    return false;
                }
                String name = names.of(b, s, at - 1 - s);
                if (!expect(':')) {
                    return false;
                }
                skipSpace();
                double v;
                byte c = b[at];
                if (c == 't' || c == 'f') {
                    if (!literal(c == 't' ? "true" : "false")) {
                        return false;
                    }
                    v = c == 't' ? 1.0 : 0.0; // as DeviceInput.of reads a Boolean
                } else if (readNumber()) {
                    v = isInteger ? integer : number;
                } else {
                    return false;
                }
                for (int i = 0; i < n; i++) {
                    if (metrics[i] == name || metrics[i].equals(name)) { // shared names: most often the same string
                        return false;
                    }
                }
                if (n == metrics.length) {
                    metrics = Arrays.copyOf(metrics, n * 2);
                    values = Arrays.copyOf(values, n * 2);
                }
                metrics[n] = name;
                values[n] = v;
                n++;
                skipSpace();
                c = b[at++];
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    return false;
                }
                skipSpace();
            }
        }
        r.metrics = Arrays.copyOf(metrics, n);
        r.values = Arrays.copyOf(values, n);
        return true;
    }

    /**
     * A string at {@code at}: its first byte's index, {@code at} then past its closing quote; -1 if
     * it is not a string, or holds an escape, a control character or anything beyond ASCII.
     */
    private int stringStart() {
        if (b[at] != '"') {
            return -1;
        }
        int s = ++at;
        while (true) {
            byte c = b[at++];
            if (c == '"') {
                return s;
            }
            if (c < 0x20 || c == '\\' || c == 0x7F) { // bytes above 0x7F are negative
                return -1;
            }
        }
    }

    private boolean literal(String word) {
        for (int i = 0; i < word.length(); i++) {
            if (b[at + i] != word.charAt(i)) {
                return false;
            }
        }
        at += word.length();
        return true;
    }

    /**
     * A JSON number at {@code at} (strict grammar: no leading zeros, no bare dot, no plus sign):
     * an integer into {@link #integer}, anything else into {@link #number}, correctly rounded as
     * Java (and so the mapper) reads it.
     */
    private boolean readNumber() {
        int start = at;
        boolean negative = b[at] == '-';
        if (negative) {
            at++;
        }
        long mantissa = 0;
        int digits = 0;
        if (b[at] == '0') {
            at++;
            digits = 1; // a leading zero stands alone
            if (isDigit(b[at])) {
                return false;
            }
        } else {
            while (isDigit(b[at])) {
                mantissa = mantissa * 10 + (b[at++] - '0');
                if (++digits > 18) {
                    return false; // beyond a long's safe digits: the mapper's BigInteger rules
                }
            }
            if (digits == 0) {
                return false;
            }
        }
        int fraction = 0;
        boolean isFloat = false;
        if (b[at] == '.') {
            isFloat = true;
            at++;
            int before = at;
            while (isDigit(b[at])) {
                if (mantissa < 100_000_000_000_000_000L) { // beyond that, only the slow path is exact
                    mantissa = mantissa * 10 + (b[at] - '0');
                    fraction++;
                } else {
                    fraction = Integer.MIN_VALUE / 2; // marks: read it the slow way
                }
                at++;
            }
            if (at == before) {
                return false;
            }
        }
        int exponent = 0;
        if (b[at] == 'e' || b[at] == 'E') {
            isFloat = true;
            at++;
            boolean negativeExponent = b[at] == '-';
            if (b[at] == '-' || b[at] == '+') {
                at++;
            }
            int before = at;
            while (isDigit(b[at])) {
                exponent = Math.min(exponent * 10 + (b[at++] - '0'), 100_000);
            }
            if (at == before) {
                return false;
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        if (at - start > MAX_NUMBER_LENGTH) {
            return false;
        }
        isInteger = !isFloat;
        if (isInteger) {
            integer = negative ? -mantissa : mantissa;
            return true;
        }
        int scale = exponent - fraction;
        if (fraction >= 0 && mantissa < (1L << 53) && scale >= -22 && scale <= 22) {
            double m = mantissa;
            double v = scale < 0 ? m / EXACT_POWERS[-scale] : m * EXACT_POWERS[scale];
            number = negative ? -v : v;
        } else {
            number = Double.parseDouble(new String(b, start, at - start, StandardCharsets.ISO_8859_1));
        }
        return true;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    private void skipSpace() {
        byte c;
        while ((c = b[at]) == ' ' || c == '\n' || c == '\r' || c == '\t') {
            at++;
        }
    }

    private boolean expect(char c) {
        skipSpace();
        return b[at++] == c;
    }

    private boolean sameBytes(byte[] name, int s) {
        for (int i = 0; i < name.length; i++) {
            if (b[s + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
