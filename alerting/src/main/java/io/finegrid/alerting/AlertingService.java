package io.finegrid.alerting;

import com.sun.net.httpserver.HttpHandler;
import io.finegrid.alerting.api.AlertApi;
import io.finegrid.alerting.api.Publisher;
import io.finegrid.alerting.api.Tokens;
import io.finegrid.alerting.book.AlertBook;
import io.finegrid.alerting.book.TopicFollower;
import io.finegrid.alerting.channel.Channel;
import io.finegrid.alerting.channel.Email;
import io.finegrid.alerting.channel.MqttPush;
import io.finegrid.alerting.channel.Webhook;
import io.finegrid.alerting.match.Inhibitor;
import io.finegrid.alerting.match.Silences;
import io.finegrid.alerting.notify.Backoff;
import io.finegrid.alerting.notify.Dispatcher;
import io.finegrid.alerting.notify.Grouper;
import io.finegrid.alerting.notify.Identities;
import io.finegrid.alerting.notify.Message;
import io.finegrid.alerting.notify.NotificationLog;
import io.finegrid.alerting.notify.Receipts;
import io.finegrid.alerting.notify.Target;
import io.finegrid.alerting.config.CurrentConfig;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.NotificationRecord;
import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.config.ConfigUpdate;
import io.finegrid.model.config.ResponsibilitiesConfig;
import io.finegrid.model.deadletter.DeadLetter;
import io.finegrid.model.deadletter.Reason;
import io.finegrid.model.deadletter.Rejection;
import io.finegrid.model.http.Component;
import io.finegrid.model.http.MetricsSource;
import io.finegrid.model.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerting service: reads the alert transitions the jobs publish on {@code fg.alerts}, routes
 * each to the people the responsibility list names, groups them, drops what a silence or an
 * inhibition rule hides, logs every notification before and after it is sent, repeats what
 * nobody acknowledges, and serves the HTTP API through which people acknowledge, resolve and
 * silence. It decides no alert state: the jobs' lifecycle owns that.
 */
public final class AlertingService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertingService.class);

    /** Where the service connects, parsed once. */
    /** {@code influxUrl} null: the console shows no history. */
    public record Settings(String kafka, String mqttUrl, String groupId, String smtpHost, int smtpPort, String mailFrom,
                           Backoff backoff, Duration webhookTimeout, String influxUrl, String influxDb,
                           String influxToken) {
        public static Settings defaults(String kafka, String mqttUrl) {
            return new Settings(kafka, mqttUrl, "fg-alerting", "127.0.0.1", 25, "finegrid@localhost",
                    new Backoff(500, 60_000, 10), Duration.ofSeconds(10), null, null, null);
        }

        public Settings withSmtp(String host, int port, String from) {
            return new Settings(kafka, mqttUrl, groupId, host, port, from, backoff, webhookTimeout, influxUrl, influxDb,
                    influxToken);
        }

        public Settings withBackoff(Backoff b) {
            return new Settings(kafka, mqttUrl, groupId, smtpHost, smtpPort, mailFrom, b, webhookTimeout, influxUrl,
                    influxDb, influxToken);
        }

        public Settings withGroupId(String id) {
            return new Settings(kafka, mqttUrl, id, smtpHost, smtpPort, mailFrom, backoff, webhookTimeout, influxUrl,
                    influxDb, influxToken);
        }

        public Settings withInflux(String url, String db, String token) {
            return new Settings(kafka, mqttUrl, groupId, smtpHost, smtpPort, mailFrom, backoff, webhookTimeout, url, db,
                    token);
        }
    }

    private final Settings settings;
    private final String community;
    /** Routing, inhibition and notification settings: the files, then what fg.config brings. */
    private final CurrentConfig config;
    private final AlertingMetrics metrics = new AlertingMetrics();
    private final AlertBook book = new AlertBook();
    private final Silences silences = new Silences();
    private final LongSupplier clock;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Grouper<Receipts.Receipt> grouper;
    private final Receipts receipts = new Receipts();
    private final AlertApi api;
    private final io.finegrid.alerting.console.ConsoleApi console;
    private NotificationLog log;
    private Dispatcher dispatcher;
    private Publisher publisher;
    private MqttPush mqtt;
    private TopicFollower alertFeed;
    private TopicFollower silenceFeed;
    private TopicFollower configFeed;
    private KafkaConsumer<String, byte[]> consumer;
    private Thread loop;
    private volatile boolean running = true;

    private AlertingService(Settings settings, CurrentConfig config, Tokens tokens, LongSupplier clock) {
        this.settings = settings;
        this.community = config.community();
        this.config = config;
        this.clock = clock;
        this.grouper = new Grouper<>(() -> config.view().notifications().groupWait().toMillis());
        this.log = NotificationLog.open(settings.kafka());
        started.add(log);
        this.publisher = new Publisher(settings.kafka());
        started.add(publisher);
        this.api = new AlertApi(book, silences, log, publisher, tokens, config, metrics, clock);
        this.console = new io.finegrid.alerting.console.ConsoleApi(book, tokens, config,
                settings.influxUrl() == null ? null : new io.finegrid.alerting.console.InfluxHistory(settings.influxUrl(),
                        settings.influxDb(), settings.influxToken()), metrics, clock);
    }

    /**
     * Starts the service with {@code config} (the files; fg.config then changes it, as it changes
     * the jobs) and the people's {@code tokens}, which must read the same {@link CurrentConfig}.
     */
    public static AlertingService start(Settings settings, CurrentConfig config, Tokens tokens) throws InterruptedException {
        AlertingService s = new AlertingService(settings, config, tokens, System::currentTimeMillis);
        try {
            s.startAll();
            return s;
        } catch (RuntimeException | InterruptedException e) {
            s.close();
            throw e;
        }
    }

    private void startAll() throws InterruptedException {
        alertFeed = new TopicFollower(settings.kafka(), Topics.ALERTS.name(), (k, v) -> {
            decode(v).filter(this::ours).ifPresent(book::apply);
        }).start();
        started.add(alertFeed);
        silenceFeed = new TopicFollower(settings.kafka(), Topics.SILENCES.name(), (k, v) -> {
            if (v == null) {
                silences.remove(k);
            } else {
                try {
                    silences.put(Topics.SILENCES.deserialize(v));
                } catch (RuntimeException e) {
                    metrics.inc("fg_alerting_bad_records_total", "topic", Topics.SILENCES.name());
                }
            }
        }).start();
        started.add(silenceFeed);
        configFeed = new TopicFollower(settings.kafka(), Topics.CONFIG.name(), (k, v) -> {
            if (v != null) { // a tombstone (compaction) carries nothing to apply
                applyConfig(v);
            }
        }).start();
        started.add(configFeed);
        mqtt = new MqttPush(settings.mqttUrl(), "fg-alerting-" + ProcessHandle.current().pid());
        Map<String, Channel> channels = Map.of(
                "webhook", new Webhook(settings.webhookTimeout()),
                "email", new Email(settings.smtpHost(), settings.smtpPort(), settings.mailFrom()),
                "mqtt", mqtt);
        dispatcher = new Dispatcher(channels, log, settings.backoff(), metrics);
        started.add(dispatcher);
        // What was pending when the service last stopped goes out first, under its original id.
        List<NotificationRecord> pending = log.pending();
        if (!pending.isEmpty()) {
            LOG.info("resuming {} pending notifications", pending.size());
        }
        pending.forEach(dispatcher::submit);
        // Silences and inhibition need the current picture before the first notification is judged.
        alertFeed.awaitCaughtUp(Duration.ofSeconds(60));
        silenceFeed.awaitCaughtUp(Duration.ofSeconds(60));
        // Nor is anything routed by files that fg.config has since replaced.
        configFeed.awaitCaughtUp(Duration.ofSeconds(60));
        metrics.gauge("fg_alerting_open_alerts", () -> book.open().size());
        metrics.gauge("fg_alerting_open_groups", grouper::openGroups);

        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        consumer = new KafkaConsumer<>(p);
        loop = new Thread(this::run, "fg-alerting");
        loop.setDaemon(true);
        loop.start();
    }

    private void run() {
        consumer.subscribe(List.of(Topics.ALERTS.name()), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> parts) {
                // Another instance takes these over: send what waits now, so it has nothing to redo.
                flush(Long.MAX_VALUE);
                commit();
                parts.forEach(receipts::forget);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> parts) {}
        });
        long lastHousekeeping = 0;
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    take(r);
                }
                long now = clock.getAsLong();
                flush(now);
                if (now - lastHousekeeping >= 1000) {
                    lastHousekeeping = now;
                    repeat(now);
                    book.sweep(now);
                    commit();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("alerting loop stopped: {}", e.toString(), e);
            metrics.inc("fg_alerting_loop_failures_total");
        } finally {
            try {
                commit();
            } catch (RuntimeException e) {
                LOG.warn("last commit: {}", e.toString());
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void take(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        receipts.read(tp, r.offset());
        Optional<AlertTransition> decoded = decode(r.value());
        if (decoded.isEmpty()) {
            deadLetter(r);
            return;
        }
        AlertTransition t = decoded.get();
        if (!ours(t)) {
            metrics.inc("fg_alerting_other_community_total");
            return; // one service per community; fg.alerts may carry others
        }
        book.apply(t);
        metrics.inc("fg_alerting_transitions_total", "state", t.state().wire());
        String identity = Identities.of(t);
        long now = clock.getAsLong();
        for (ResponsibilitiesConfig.Recipient who : config.view().routing().recipients(t)) {
            for (ResponsibilitiesConfig.Channel c : who.channels()) {
                Target target = Target.of(who.id(), c);
                if (log.taken(identity, target)) {
                    continue; // sent (or on its way) before a restart
                }
                Receipts.Receipt receipt = new Receipts.Receipt(tp, r.offset());
                receipts.hold(receipt);
                grouper.add(target, t, receipt, now);
            }
        }
    }

    /**
     * A document from fg.config, by the jobs' rule. A refused one is logged and counted here; the
     * jobs put it on fg.dlq (once, not once per service).
     */
    private void applyConfig(byte[] v) {
        ConfigDocument doc;
        try {
            doc = Topics.CONFIG.deserialize(v);
        } catch (RuntimeException e) {
            metrics.inc("fg_alerting_bad_records_total", "topic", Topics.CONFIG.name());
            LOG.warn("fg.config: not a config document, ignored: {}", e.toString());
            return;
        }
        ConfigUpdate outcome = config.apply(doc);
        if (outcome instanceof ConfigUpdate.Applied) {
            metrics.inc("fg_alerting_config_applied_total", "kind", doc.kind());
            LOG.info("fg.config {}/{} applied", doc.kind(), doc.id());
        } else if (outcome instanceof ConfigUpdate.Rejected r) {
            metrics.inc("fg_alerting_config_rejected_total");
            LOG.warn("fg.config {}/{} refused, keeping the current configuration: {}", doc.kind(), doc.id(), r.detail());
        }
    }

    private boolean ours(AlertTransition t) {
        return community.equals(t.community());
    }

    private Optional<AlertTransition> decode(byte[] v) {
        if (v == null) {
            return Optional.empty();
        }
        try {
            AlertTransition t = Topics.ALERTS.deserialize(v);
            return t == null || t.alertId() == null || t.state() == null || t.severity() == null ? Optional.empty()
                    : Optional.of(t);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> r) {
        metrics.inc("fg_alerting_bad_records_total", "topic", Topics.ALERTS.name());
        try {
            publisher.publish(Topics.DLQ, Topics.ALERTS.name(), DeadLetter.of(Topics.ALERTS.name(), null,
                    r.value() == null ? new byte[0] : r.value(),
                    new Rejection(Reason.BAD_JSON, "not an alert transition (offset " + r.offset() + ")"),
                    clock.getAsLong()));
        } catch (Exception e) {
            LOG.warn("cannot dead-letter fg.alerts offset {}: {}", r.offset(), e.toString());
        }
    }

    private void flush(long now) {
        for (Grouper.Group<Receipts.Receipt> g : grouper.due(now)) {
            send(g.target(), g.key(), g.alerts(), "", clock.getAsLong());
            g.receipts().forEach(receipts::release);
        }
    }

    /** Logs one message as pending and hands it to the dispatcher, minus what is silenced or inhibited. */
    private void send(Target target, String groupKey, List<AlertTransition> alerts, String salt, long now) {
        List<AlertTransition> keep = new ArrayList<>();
        List<AlertTransition> open = book.open();
        Inhibitor inhibitor = config.view().inhibitor();
        for (AlertTransition t : alerts) {
            if (silences.silencing(t, now).isPresent()) {
                metrics.inc("fg_alerting_suppressed_total", "reason", "silenced");
            } else if (inhibitor.inhibiting(t, open).isPresent()) {
                metrics.inc("fg_alerting_suppressed_total", "reason", "inhibited");
            } else {
                keep.add(t);
            }
        }
        if (keep.isEmpty()) {
            return;
        }
        List<String> ids = Message.identities(keep);
        String id = Identities.notification(target, ids, salt);
        if (log.contains(id)) {
            return;
        }
        NotificationRecord n = new NotificationRecord(id, target.recipient(), target.channel(), target.address(), groupKey,
                ids, NotificationRecord.PENDING, 0, now, null, List.copyOf(keep));
        log.write(n);
        dispatcher.submit(n);
    }

    /** Alerts nobody acknowledged are sent again every repeatInterval after the last delivery. */
    private void repeat(long now) {
        CurrentConfig.View view = config.view();
        long every = view.notifications().repeatInterval().toMillis();
        for (AlertTransition t : book.open()) {
            if (t.state() != AlertState.FIRING && t.state() != AlertState.ESCALATED) {
                continue;
            }
            long last = log.lastSent(t.alertId());
            if (last == 0 || now - last < every) {
                continue; // never reached anybody (silenced, inhibited, still on its way), or not yet due
            }
            for (ResponsibilitiesConfig.Recipient who : view.routing().recipients(t)) {
                for (ResponsibilitiesConfig.Channel c : who.channels()) {
                    Target target = Target.of(who.id(), c);
                    send(target, "repeat|" + t.alertId(), List.of(t), "repeat-after-" + last, now);
                }
            }
        }
    }

    private void commit() {
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> offsets =
                new HashMap<>(receipts.committable());
        offsets.keySet().retainAll(consumer.assignment());
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
    }

    public HttpHandler api() {
        return api;
    }

    /** The console's data ({@code /api/console/}). */
    public HttpHandler consoleApi() {
        return console;
    }

    /** The console's page and scripts ({@code /console}). */
    public static HttpHandler consolePage() {
        return new io.finegrid.alerting.console.ConsoleResources();
    }

    public MetricsSource metrics() {
        return metrics;
    }

    public AlertingMetrics counters() {
        return metrics;
    }

    public AlertBook book() {
        return book;
    }

    public List<Component> components() {
        return List.of(new Component("alerting", () -> loop.isAlive() && alertFeed.caughtUp()),
                new Component("alerting-mqtt", mqtt::up));
    }

    @Override
    public void close() {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
        if (loop != null) {
            try {
                loop.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
    }
}
