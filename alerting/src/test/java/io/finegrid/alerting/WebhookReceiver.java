package io.finegrid.alerting;

import com.sun.net.httpserver.HttpServer;
import io.finegrid.model.json.Json;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server standing in for a crew's webhook endpoint: it records every request (when,
 * the idempotency key, the body) and answers with the statuses it is told to, then 200.
 */
final class WebhookReceiver implements AutoCloseable {
    record Hit(long at, String key, Map<?, ?> body, int answered) {}

    private final HttpServer server;
    private final List<Hit> hits = new CopyOnWriteArrayList<>();
    private final Deque<Integer> script = new ConcurrentLinkedDeque<>();
    private volatile int otherwise = 200;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            Integer next = script.poll();
            int status = next == null ? otherwise : next;
            hits.add(new Hit(System.currentTimeMillis(), ex.getRequestHeaders().getFirst("Idempotency-Key"),
                    Json.read(body, Map.class), status));
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The next answers, in order; after them {@link #answerOtherwise}. */
    WebhookReceiver answer(Integer... statuses) {
        script.addAll(List.of(statuses));
        return this;
    }

    WebhookReceiver answerOtherwise(int status) {
        this.otherwise = status;
        return this;
    }

    List<Hit> hits() {
        return new ArrayList<>(hits);
    }

    List<Hit> delivered() {
        return hits.stream().filter(h -> h.answered() >= 200 && h.answered() < 300).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
