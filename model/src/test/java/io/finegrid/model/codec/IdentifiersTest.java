package io.finegrid.model.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IdentifiersTest {
    /** The grammar as CONTRACT §2 writes it: the oracle for the hand-written checks. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final Pattern METRIC = Pattern.compile("[a-z0-9_]{1,64}");

    @Test
    void examples() {
        assertTrue(Identifiers.isIdentifier("wp-B01-1"));
        assertTrue(Identifiers.isIdentifier("a.b_c-D9"));
        assertTrue(Identifiers.isIdentifier("x".repeat(64)));
        assertFalse(Identifiers.isIdentifier("x".repeat(65)));
        assertFalse(Identifiers.isIdentifier(""));
        assertFalse(Identifiers.isIdentifier(null));
        assertFalse(Identifiers.isIdentifier("wp B01"));
        assertFalse(Identifiers.isIdentifier("wp/B01"));
        assertFalse(Identifiers.isIdentifier("pümpe"));
        assertTrue(Identifiers.isMetricName("pressure_mpa"));
        assertFalse(Identifiers.isMetricName("Pressure"));
        assertFalse(Identifiers.isMetricName("pressure-mpa"));
        assertFalse(Identifiers.isMetricName("p.mpa"));
        assertFalse(Identifiers.isMetricName(""));
        assertFalse(Identifiers.isMetricName(null));
    }

    @Test
    void agreesWithTheContractsGrammarOnRandomStrings() {
        Random rnd = new Random(7);
        String alphabet = "azAZ09_.-/ é\u0000";
        for (int i = 0; i < 200_000; i++) {
            int n = rnd.nextInt(68);
            StringBuilder b = new StringBuilder(n);
            for (int k = 0; k < n; k++) {
                b.append(rnd.nextInt(4) == 0 ? alphabet.charAt(rnd.nextInt(alphabet.length())) : (char) (32 + rnd.nextInt(95)));
            }
            String s = b.toString();
            assertEquals(ID.matcher(s).matches(), Identifiers.isIdentifier(s), s);
            assertEquals(METRIC.matcher(s).matches(), Identifiers.isMetricName(s), s);
        }
    }
}
