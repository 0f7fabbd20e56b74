package io.finegrid.ingest;

import java.util.Locale;

/** Which configuration keys hold secrets (passwords, JAAS configs, keys, tokens). */
final class Secrets {
    private Secrets() {}

    static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("jaas") || k.contains("secret") || k.contains("token")
                || k.endsWith(".key") || k.contains("credentials");
    }
}
