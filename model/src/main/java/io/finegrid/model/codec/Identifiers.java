package io.finegrid.model.codec;

/**
 * The identifier and metric-name grammar of CONTRACT §2: identifiers {@code [A-Za-z0-9_.-]{1,64}},
 * metric names {@code [a-z0-9_]{1,64}}. Checked character by character rather than with a regular
 * expression: the gateway checks three identifiers and every metric name of every message.
 */
public final class Identifiers {
    private static final int MAX_LENGTH = 64;

    private Identifiers() {}

    public static boolean isIdentifier(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isLowerOrDigitOrUnderscore(c) || (c >= 'A' && c <= 'Z') || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    public static boolean isMetricName(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isLowerOrDigitOrUnderscore(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerOrDigitOrUnderscore(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }
}
