package io.finegrid.alerting.channel;

import io.finegrid.alerting.notify.Message;
import io.finegrid.model.alert.NotificationRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * HTTP POST of the JSON message, with the notification id as {@code Idempotency-Key}: every
 * attempt of one notification carries the same key, so a receiver can tell a retry from a new
 * message. 2xx is delivered; 5xx, 429, timeouts and connection failures are tried again; any
 * other status is the receiver refusing, and is not.
 */
public final class Webhook implements Channel {
    private final HttpClient http;
    private final Duration timeout;

    public Webhook(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public Delivery send(NotificationRecord n) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(n.target())).timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", n.id())
                    .header("User-Agent", "FineGrid-alerting")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Message.json(n))).build();
        } catch (IllegalArgumentException e) {
            return Delivery.refused("bad webhook URL " + n.target() + ": " + e.getMessage());
        }
        try {
            HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
            int code = r.statusCode();
            if (code >= 200 && code < 300) {
                return Delivery.delivered("HTTP " + code);
            }
            return code >= 500 || code == 429 ? Delivery.retry("HTTP " + code) : Delivery.refused("HTTP " + code);
        } catch (IOException e) {
            return Delivery.retry(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Delivery.retry("interrupted");
        }
    }
}
