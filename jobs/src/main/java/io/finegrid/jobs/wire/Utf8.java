package io.finegrid.jobs.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Strings on the wire between operators as a length and their UTF-8 bytes, copied in bulk. Flink's
 * own string format (StringValue) writes and reads one character at a time, which was most of
 * the cost of moving a line-protocol point or a reading's names across a shuffle; for the ASCII
 * that device ids, metric names and line protocol nearly always are, encoding and decoding here
 * are array copies.
 */
public final class Utf8 {
    private Utf8() {}

    /** Writes {@code s} (may be null) as a variable-length int (length + 1, 0 for null) and its bytes. */
    public static void write(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeLength(b.length + 1, out);
        out.write(b);
    }

    /** Reads what {@link #write} wrote. */
    public static String read(DataInputView in) throws IOException {
        int n = readLength(in) - 1;
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Copies one string as {@link #write} wrote it, without decoding it. */
    public static void copy(DataInputView in, DataOutputView out) throws IOException {
        int n = readLength(in);
        writeLength(n, out);
        if (n > 1) {
            byte[] b = new byte[n - 1]; // not out.write(in, n): some outputs do not grow for it
            in.readFully(b);
            out.write(b);
        }
    }

    static void writeLength(int n, DataOutputView out) throws IOException {
        while (n >= 0x80) {
            out.writeByte((n & 0x7f) | 0x80);
            n >>>= 7;
        }
        out.writeByte(n);
    }

    static int readLength(DataInputView in) throws IOException {
        int n = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            n |= (b & 0x7f) << shift;
            if (b < 0x80) {
                return n;
            }
            if (shift > 28) {
                throw new IOException("malformed string length on the wire");
            }
        }
    }
}
