package io.finegrid.jobs.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class WireStringsTest {
    private static final List<String> SAMPLES = List.of("", "B01", "pressure_mpa", "绿景苑 3号楼", "x".repeat(200),
            "telemetry_1m,building=B01,community=c1,device=wp-1 count=6i,last=0.43 1700000000000", "e\u0301 ☃ \uD83D\uDE00");

    @Test
    void stringsOfAnyLengthAndScriptSurviveOneAfterAnother() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        for (String s : SAMPLES) {
            Utf8.write(s, out);
        }
        Utf8.write(null, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (String s : SAMPLES) {
            assertEquals(s, Utf8.read(in));
        }
        assertNull(Utf8.read(in));
        assertEquals(0, in.available());
    }

    @Test
    void copyingMovesTheBytesUnchanged() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        for (String s : SAMPLES) {
            LineSerializer.INSTANCE.serialize(s, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        DataOutputSerializer copied = new DataOutputSerializer(16);
        for (int i = 0; i < SAMPLES.size(); i++) {
            LineSerializer.INSTANCE.copy(in, copied);
        }
        assertEquals(new String(out.getCopyOfBuffer(), java.nio.charset.StandardCharsets.ISO_8859_1),
                new String(copied.getCopyOfBuffer(), java.nio.charset.StandardCharsets.ISO_8859_1));
        DataInputDeserializer back = new DataInputDeserializer(copied.getCopyOfBuffer());
        for (String s : SAMPLES) {
            assertEquals(s, LineSerializer.INSTANCE.deserialize(back));
        }
    }

    @Test
    void aMalformedLengthIsAnErrorNotALoop() {
        byte[] endless = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThrows(IOException.class, () -> Utf8.read(new DataInputDeserializer(endless)));
    }

    @Test
    void repeatedNamesAreOneInstanceAndLookalikesStayApart() throws IOException {
        // Same length, same first and last eight bytes: the same hash, told apart by their bytes.
        List<String> names = new ArrayList<>(List.of("pressure_mpa", "motor_current_a", "building-1-x-0000001",
                "building-1-y-0000001", "B1", "B2", "绿景苑"));
        // Names up to 16 bytes are read as two numbers: every length, names alike but for their
        // last byte, and zero bytes, which the numbers must not lose.
        for (int n = 1; n <= 17; n++) {
            names.add("abcdefghijklmnopq".substring(0, n));
            names.add("abcdefghijklmnopq".substring(0, n - 1) + "Z");
        }
        names.addAll(List.of("\u0000a", "a\u0000", "水泵-1"));
        DataOutputSerializer out = new DataOutputSerializer(16);
        for (int round = 0; round < 3; round++) {
            for (String s : names) {
                Utf8.write(s, out);
            }
        }
        Utf8.write(null, out);
        SharedNames shared = new SharedNames();
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        List<String> first = new ArrayList<>();
        for (String s : names) {
            String read = shared.read(in);
            assertEquals(s, read);
            assertNotSame(s, read);
            first.add(read);
        }
        for (int round = 1; round < 3; round++) {
            for (int i = 0; i < names.size(); i++) {
                assertSame(first.get(i), shared.read(in));
            }
        }
        assertNull(shared.read(in));
    }

    @Test
    void pastItsCapacityNamesAreStillReadRight() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(16);
        int n = SharedNames.CAPACITY + 500;
        for (int i = 0; i < n; i++) {
            Utf8.write("device-" + i, out);
        }
        for (int i = 0; i < n; i++) {
            Utf8.write("device-" + i, out);
        }
        SharedNames shared = new SharedNames();
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                assertEquals("device-" + i, shared.read(in));
            }
        }
    }
}
