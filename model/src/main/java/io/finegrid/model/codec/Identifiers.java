package io.finegrid.model.codec;

import java.util.regex.Pattern;

/** The identifier and metric-name grammar of CONTRACT §2. */
public final class Identifiers {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern METRIC = Pattern.compile("[a-z0-9_]{1,64}");

    private Identifiers() {}

    public static boolean isIdentifier(String s) {
        return s != null && ID.matcher(s).matches();
    }

    public static boolean isMetricName(String s) {
        return s != null && METRIC.matcher(s).matches();
    }
}
