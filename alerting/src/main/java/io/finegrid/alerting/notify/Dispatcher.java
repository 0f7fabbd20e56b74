package io.finegrid.alerting.notify;

import io.finegrid.alerting.AlertingMetrics;
import io.finegrid.alerting.channel.Channel;
import io.finegrid.alerting.channel.Delivery;
import io.finegrid.model.alert.NotificationRecord;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers logged notifications: each attempt over its channel, retries with backoff while the
 * channel says so, and the outcome written to the notification log. A notification is logged as
 * pending before it comes here, so one still in flight when the service stops is sent after the
 * restart (with the same idempotency key).
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Map<String, Channel> channels;
    private final NotificationLog log;
    private final Backoff backoff;
    private final AlertingMetrics metrics;
    private final ScheduledExecutorService workers;
    private final AtomicInteger inFlight = new AtomicInteger();

    public Dispatcher(Map<String, Channel> channels, NotificationLog log, Backoff backoff, AlertingMetrics metrics) {
        this.channels = channels;
        this.log = log;
        this.backoff = backoff;
        this.metrics = metrics;
        this.workers = Executors.newScheduledThreadPool(4, r -> {
            Thread t = new Thread(r, "fg-notify");
            t.setDaemon(true);
            return t;
        });
        metrics.gauge("fg_alerting_notifications_in_flight", inFlight::get);
    }

    public void submit(NotificationRecord n) {
        inFlight.incrementAndGet();
        workers.execute(() -> attempt(n, 1));
    }

    private void attempt(NotificationRecord n, int attempt) {
        try {
            Channel channel = channels.get(n.channel());
            Delivery d = channel == null ? Delivery.refused("no " + n.channel() + " channel configured")
                    : channel.send(n);
            metrics.inc("fg_alerting_delivery_attempts_total", "channel", n.channel(), "outcome",
                    d.outcome().name().toLowerCase(java.util.Locale.ROOT));
            if (d.outcome() == Delivery.Outcome.RETRY && backoff.mayRetry(attempt)) {
                LOG.info("notification {} to {} over {}: attempt {} failed ({}), trying again", n.id(), n.recipient(),
                        n.channel(), attempt, d.detail());
                workers.schedule(() -> attempt(n, attempt + 1), backoff.delayAfter(attempt), TimeUnit.MILLISECONDS);
                return;
            }
            boolean ok = d.outcome() == Delivery.Outcome.DELIVERED;
            log.write(n.with(ok ? NotificationRecord.DELIVERED : NotificationRecord.FAILED, attempt,
                    System.currentTimeMillis(), d.detail()));
            metrics.inc("fg_alerting_notifications_total", "channel", n.channel(), "result", ok ? "delivered" : "failed");
            if (!ok) {
                LOG.warn("notification {} to {} over {} failed after {} attempts: {}", n.id(), n.recipient(), n.channel(),
                        attempt, d.detail());
            }
            inFlight.decrementAndGet();
        } catch (RuntimeException e) {
            // The log could not be written: the notification stays pending and is tried again.
            LOG.error("notification {}: {}", n.id(), e.getMessage());
            workers.schedule(() -> attempt(n, attempt), backoff.delayAfter(attempt), TimeUnit.MILLISECONDS);
        }
    }

    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void close() {
        workers.shutdownNow();
        channels.values().forEach(Channel::close);
    }
}
