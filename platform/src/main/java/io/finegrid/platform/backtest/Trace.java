package io.finegrid.platform.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.finegrid.model.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A recorded trace: JSON lines (gzip when the file ends in .gz), one MQTT message per line, in
 * the order they crossed the broker: {@code {"topic": "fg/c1/B01/wp-1/telemetry", "payload": ...}}
 * where the payload is the message's JSON, or a JSON string holding a non-JSON payload.
 */
public record Trace(List<Message> messages) {
    public record Message(String topic, byte[] payload) {}

    public static Trace read(Path file) throws IOException {
        List<Message> out = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    throw new IOException(file + ":" + n + ": not a JSON line: " + e.getMessage(), e);
                }
                JsonNode topic = node.get("topic");
                JsonNode payload = node.get("payload");
                if (topic == null || !topic.isTextual() || payload == null) {
                    throw new IOException(file + ":" + n + ": a trace line needs \"topic\" and \"payload\"");
                }
                byte[] bytes = payload.isTextual() ? payload.textValue().getBytes(StandardCharsets.UTF_8)
                        : Json.write(payload);
                out.add(new Message(topic.textValue(), bytes));
            }
        }
        return new Trace(List.copyOf(out));
    }
}
