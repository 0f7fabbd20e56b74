package io.finegrid.model.alert;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

public enum Severity {
    CRITICAL, MAJOR, MINOR, INFO;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Severity> parse(String s) {
        return Arrays.stream(values()).filter(t -> t.wire().equals(s)).findFirst();
    }
}
