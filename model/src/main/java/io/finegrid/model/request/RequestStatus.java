package io.finegrid.model.request;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Work-order states of a resident service request (CONTRACT §2). */
public enum RequestStatus {
    OPENED, ASSIGNED, IN_PROGRESS, RESOLVED, CLOSED, REOPENED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RequestStatus fromWire(String s) {
        return parse(s).orElseThrow(() -> new IllegalArgumentException("unknown request status " + s));
    }

    public static Optional<RequestStatus> parse(String s) {
        return Arrays.stream(values()).filter(t -> t.wire().equals(s)).findFirst();
    }
}
