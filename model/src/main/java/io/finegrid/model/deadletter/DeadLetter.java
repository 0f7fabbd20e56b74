package io.finegrid.model.deadletter;

import io.finegrid.model.codec.Utf8;
import java.util.Base64;

/**
 * A message FineGrid could not accept, on {@code fg.dlq} (key: the source, e.g. the MQTT topic kind).
 * The original payload is kept verbatim: as text when it is UTF-8, else base64.
 */
public record DeadLetter(
        String source, String mqttTopic, String payload, String encoding, String reason, String detail, long ts) {

    public static DeadLetter of(String source, String mqttTopic, byte[] payload, Rejection rejection, long ts) {
        String text = Utf8.decode(payload).orElse(null);
        return text != null
                ? new DeadLetter(source, mqttTopic, text, "utf8", rejection.reason().code(), rejection.detail(), ts)
                : new DeadLetter(source, mqttTopic, Base64.getEncoder().encodeToString(payload), "base64",
                        rejection.reason().code(), rejection.detail(), ts);
    }
}
