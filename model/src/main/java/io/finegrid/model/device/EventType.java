package io.finegrid.model.device;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The facility event types of CONTRACT §2. */
public enum EventType {
    FAULT, FAULT_CLEARED, ALARM, ALARM_CLEARED, DOOR_OPEN, DOOR_CLOSED, STATE, TAMPER;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static EventType fromWire(String s) {
        return parse(s).orElseThrow(() -> new IllegalArgumentException("unknown event type " + s));
    }

    public static Optional<EventType> parse(String s) {
        return Arrays.stream(values()).filter(t -> t.wire().equals(s)).findFirst();
    }
}
