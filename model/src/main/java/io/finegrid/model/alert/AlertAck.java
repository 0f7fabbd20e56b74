package io.finegrid.model.alert;

/** A person acknowledging or resolving an alert, on {@code fg.alert-acks}. */
public record AlertAck(String alertId, Action action, String by, long ts, String comment) {
    public enum Action {
        @com.fasterxml.jackson.annotation.JsonProperty("ack") ACK,
        @com.fasterxml.jackson.annotation.JsonProperty("resolve") RESOLVE
    }
}
