package io.finegrid.model.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8Test {
    static byte[] bytes(int... b) {
        byte[] out = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = (byte) b[i];
        }
        return out;
    }

    @Test
    void asciiAndWellFormedMultiByteAreValid() {
        assertTrue(Utf8.isValid("{\"ts\":1}".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(Utf8.isValid(new byte[0]));
        assertTrue(Utf8.isValid("电梯困人 – lift ✓ 🚒".getBytes(StandardCharsets.UTF_8)));
        assertEquals("电梯", Utf8.decode("电梯".getBytes(StandardCharsets.UTF_8)).orElseThrow());
    }

    @Test
    void malformedSequencesAreNot() {
        assertFalse(Utf8.isValid(bytes('a', 0x80)));              // a lone continuation byte
        assertFalse(Utf8.isValid(bytes('a', 0xC3)));              // cut short
        assertFalse(Utf8.isValid(bytes(0xC0, 0xAF)));             // an overlong '/'
        assertFalse(Utf8.isValid(bytes(0xED, 0xA0, 0x80)));       // a UTF-16 surrogate
        assertFalse(Utf8.isValid(bytes(0xF4, 0x90, 0x80, 0x80))); // beyond U+10FFFF
        assertFalse(Utf8.isValid(bytes(0xFF)));
        assertTrue(Utf8.decode(bytes(0xFF)).isEmpty());
    }
}
