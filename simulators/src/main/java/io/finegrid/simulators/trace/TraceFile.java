package io.finegrid.simulators.trace;

import com.fasterxml.jackson.databind.JsonNode;
import io.finegrid.model.json.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A trace on disk: gzip-compressed JSON lines, one message each, in time order:
 * {@code {"at": epoch ms, "topic": "...", "payload": "<the MQTT payload as text>"}}.
 */
public final class TraceFile {
    private TraceFile() {}

    /** Writes messages as they come; {@link #close()} finishes the gzip stream. */
    public static final class Writer implements AutoCloseable {
        private final BufferedWriter out;
        private long written;

        public Writer(Path file) throws IOException {
            this.out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file), 1 << 16),
                    StandardCharsets.UTF_8), 1 << 16);
        }

        public synchronized void write(Message m) throws IOException {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("at", m.at());
            line.put("topic", m.topic());
            line.put("payload", m.payload());
            out.write(Json.writeString(line));
            out.write('\n');
            written++;
        }

        public long written() {
            return written;
        }

        @Override
        public synchronized void close() throws IOException {
            out.close();
        }
    }

    /** The messages of a trace file, read lazily. */
    public static Iterator<Message> read(Path file) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file), 1 << 16),
                StandardCharsets.UTF_8));
        return new Iterator<>() {
            String next = advance();

            private String advance() {
                try {
                    String l;
                    do {
                        l = in.readLine();
                    } while (l != null && l.isBlank());
                    if (l == null) {
                        in.close();
                    }
                    return l;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Message next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                JsonNode n;
                try {
                    n = Json.MAPPER.readTree(next);
                } catch (IOException e) {
                    throw new UncheckedIOException("not a trace line: " + next, e);
                }
                next = advance();
                return new Message(n.get("at").asLong(), n.get("topic").asText(), n.get("payload").asText());
            }
        };
    }
}
