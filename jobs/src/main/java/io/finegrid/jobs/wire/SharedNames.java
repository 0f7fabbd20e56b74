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
 * {@link #CAPACITY} distinct names, the others are read as new strings each time.
 */
public final class SharedNames {
    static final int CAPACITY = 4096;
    private static final int SLOTS = CAPACITY * 2; // a power of two, at most half full

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];
    private int size;
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
        if (n > scratch.length) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        in.readFully(scratch, 0, n);
        return of(scratch, 0, n);
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
