package io.finegrid.model.alert;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Within one fingerprint: firing -> (acknowledged | escalated)* -> resolved. */
public enum AlertState {
    FIRING, ACKNOWLEDGED, ESCALATED, RESOLVED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
