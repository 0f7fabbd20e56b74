package io.finegrid.jobs.wire;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.core.memory.DataInputView;

/**
 * Reads strings written by {@link Utf8#write} that repeat in record after record (metric names,
 * communities, buildings) and hands out one copy of each: a name seen before costs a byte
 * comparison, not a new string and a hash-map lookup with it. Not thread-safe: one per
 * serializer instance (Flink duplicates serializers per thread). Bounded: past
 * {@link #CAPACITY} distinct names, the others are read as new strings each time (names of up
 * to 16 bytes that {@link #read} finds by their bytes as numbers have a table, and a bound, of
 * their own).
 */
public final class SharedNames {
    static final int CAPACITY = 4096;
    private static final int SLOTS = CAPACITY * 2; // a power of two, at most half full

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];
    private int size;
    /*
     * What read() finds names of 1 to 16 bytes by (nearly all: metric names, communities,
     * buildings): their bytes read from the input as two numbers, with the length, side by side in
     * these arrays. No copy of the bytes into an array, no comparison of arrays: on the rule
     * operator's side of the shuffle these names were a tenth of its time.
     */
    private final long[] shortHigh = new long[SLOTS];
    private final long[] shortLow = new long[SLOTS];
    private final int[] shortLength = new int[SLOTS]; // 0: slot free
    private final String[] shortValues = new String[SLOTS];
    private int shortSize;
    private byte[] scratch = new byte[64];

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * A hash of the first and last eight bytes and the length: cheap for the short names read
     * here (a byte-at-a-time hash was a tenth of the rule operator's time); names alike in those
     * bytes only cost a longer probe, the bytes themselves decide.
     */
    static int hash(byte[] b, int from, int n) {
        long h;
        if (n >= 8) {
            h = (long) LONGS.get(b, from) * 0x9E3779B97F4A7C15L ^ (long) LONGS.get(b, from + n - 8);
        } else {
            h = 0;
            for (int i = 0; i < n; i++) {
                h = h << 8 | (b[from + i] & 0xff);
            }
        }
        h = (h ^ n) * 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 32));
    }

    public String read(DataInputView in) throws IOException {
        int n = Utf8.readLength(in) - 1;
        if (n < 0) {
            return null;
        }
        if (n > 0 && n <= 16) {
            long high = n >= 8 ? in.readLong() : readBytes(in, n); // big-endian, as the bytes come
            long low = n > 8 ? readBytes(in, n - 8) : 0;
            return ofShort(high, low, n);
        }
        if (n > scratch.length) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        in.readFully(scratch, 0, n);
        return of(scratch, 0, n);
    }

    /** {@code n} (below 8) bytes from {@code in} as a big-endian number. */
    private static long readBytes(DataInputView in, int n) throws IOException {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 8 | in.readUnsignedByte();
        }
        return v;
    }

    /** The name of {@code n} bytes (1 to 16) read as {@code high} (the first 8, or all) and {@code low} (the rest). */
    private String ofShort(long high, long low, int n) {
        long h = (high * 0x9E3779B97F4A7C15L ^ low ^ n) * 0xC2B2AE3D27D4EB4FL;
        int mask = SLOTS - 1;
        for (int slot = (int) (h ^ (h >>> 32)) & mask; ; slot = (slot + 1) & mask) { // linear probing
            int len = shortLength[slot];
            if (len == 0) {
                byte[] b = scratch;
                int first = Math.min(n, 8);
                for (int i = 0; i < first; i++) {
                    b[i] = (byte) (high >>> (8 * (first - 1 - i)));
                }
                for (int i = 8; i < n; i++) {
                    b[i] = (byte) (low >>> (8 * (n - 1 - i)));
                }
                String s = new String(b, 0, n, StandardCharsets.UTF_8);
                if (shortSize < CAPACITY) {
                    shortHigh[slot] = high;
                    shortLow[slot] = low;
                    shortLength[slot] = n;
                    shortValues[slot] = s;
                    shortSize++;
                }
                return s;
            }
            if (len == n && shortHigh[slot] == high && shortLow[slot] == low) {
                return shortValues[slot];
            }
        }
    }

    /** The string of the UTF-8 bytes {@code b[from, from + n)}: the shared copy when seen before. */
    public String of(byte[] b, int from, int n) {
        int h = hash(b, from, n);
        int mask = SLOTS - 1;
        for (int slot = (h ^ (h >>> 16)) & mask; ; slot = (slot + 1) & mask) { // linear probing
            byte[] k = keys[slot];
            if (k == null) {
                String s = new String(b, from, n, StandardCharsets.UTF_8);
                if (size < CAPACITY) {
                    keys[slot] = Arrays.copyOfRange(b, from, from + n);
                    values[slot] = s;
                    size++;
                }
                return s;
            }
            if (k.length == n && Arrays.equals(k, 0, n, b, from, from + n)) {
                return values[slot];
            }
        }
    }
}
