package io.finegrid.model.codec;

import io.finegrid.model.deadletter.Rejection;
import java.util.List;

/**
 * What one MQTT message decodes to. A batch (JSON array) may be partly accepted: each bad
 * element is one rejection, carrying the element's own JSON text.
 */
public record Decoded(List<Normalized> accepted, List<Rejected> rejected) {

    /** A rejected message or batch element; {@code payload} is what goes to the dead-letter topic. */
    public record Rejected(Rejection rejection, byte[] payload) {}

    public static Decoded reject(Rejection r, byte[] payload) {
        return new Decoded(List.of(), List.of(new Rejected(r, payload)));
    }
}
