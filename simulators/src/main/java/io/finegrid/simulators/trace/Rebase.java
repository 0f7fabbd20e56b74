package io.finegrid.simulators.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.finegrid.model.json.Json;
import java.io.IOException;

/**
 * Moves a recorded message in time (a replay "as if now"): its due time and every {@code ts} in
 * its payload shift by {@code deltaMs}, and {@code seq} by {@code seqOffset} (a looped replay
 * must not look like redeliveries of the previous loop).
 */
public final class Rebase {
    private Rebase() {}

    public static Message shift(Message m, long deltaMs, long seqOffset) {
        if (deltaMs == 0 && seqOffset == 0) {
            return m;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(m.payload());
            if (n.isArray()) {
                n.forEach(e -> shift(e, deltaMs, seqOffset));
            } else {
                shift(n, deltaMs, seqOffset);
            }
            return new Message(m.at() + deltaMs, m.topic(), Json.MAPPER.writeValueAsString(n));
        } catch (IOException e) {
            // Not JSON (a recorded bad message): moved in time, published as it was.
            return new Message(m.at() + deltaMs, m.topic(), m.payload());
        }
    }

    private static void shift(JsonNode n, long deltaMs, long seqOffset) {
        if (n instanceof ObjectNode o) {
            if (o.get("ts") != null && o.get("ts").canConvertToLong()) {
                o.put("ts", o.get("ts").asLong() + deltaMs);
            }
            if (seqOffset != 0 && o.get("seq") != null && o.get("seq").canConvertToLong()) {
                o.put("seq", o.get("seq").asLong() + seqOffset);
            }
        }
    }

}
