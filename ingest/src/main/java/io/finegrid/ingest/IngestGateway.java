package io.finegrid.ingest;

import io.finegrid.ingest.mqtt.MqttConnectionFactory;
import io.finegrid.model.codec.Decoded;
import io.finegrid.model.codec.DeviceDirectory;
import io.finegrid.model.codec.MqttTopic;
import io.finegrid.model.codec.Normalized;
import io.finegrid.model.codec.PayloadCodec;
import io.finegrid.model.codec.TopicKind;
import io.finegrid.model.deadletter.DeadLetter;
import io.finegrid.model.deadletter.Reason;
import io.finegrid.model.http.Component;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT to Kafka. A QoS 1 message is acknowledged (PUBACK) only after Kafka has acknowledged every
 * record it produced, accepted or dead-lettered; until then the broker keeps it in this client's
 * persistent session and redelivers it (DUP) after a reconnect or restart. Redeliveries are
 * forwarded like any message: skipping them could lose the one copy Kafka never got; the job
 * removes the duplicates by device and {@code seq}. The broker has at most {@code receiveMaximum}
 * unacknowledged messages out to us, which bounds memory while Kafka is away: the backlog stays
 * in the broker.
 */
public final class IngestGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestGateway.class);

    private final IngestSettings settings;
    private final PayloadCodec codec;
    private final IngestCounters counters = new IngestCounters();
    private final KafkaForwarder kafka;
    private final MqttAsyncClient mqtt;
    private final Admin admin;
    private final ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fg-ingest-kafka-probe");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean connected;
    private volatile boolean kafkaReachable;
    /**
     * Our own bound on unacknowledged messages. The broker is asked for the same bound (Receive
     * Maximum), but mosquitto 2.0 was seen releasing several thousand at once when a backlog
     * drained after an outage; this window holds the line whatever the broker does, by pausing
     * Paho's delivery thread (and with it the socket) until Kafka catches up.
     */
    private final java.util.concurrent.Semaphore window;
    /** The alerts residents' reports may be about (empty unless {@link #withOpenAlerts} is given one). */
    private volatile io.finegrid.ingest.incident.OpenAlerts openAlerts = new io.finegrid.ingest.incident.OpenAlerts();

    public IngestGateway(IngestSettings settings, DeviceDirectory directory, Clock clock) {
        this.settings = settings;
        this.window = new java.util.concurrent.Semaphore(settings.receiveMaximum());
        this.codec = new PayloadCodec(clock, directory);
        this.kafka = new KafkaForwarder(settings.kafkaBootstrap(), settings.clientId(), settings.kafkaProperties());
        Map<String, Object> adminProps = new HashMap<>(settings.kafkaProperties());
        adminProps.keySet().removeIf(k -> k.startsWith("linger") || k.startsWith("acks") || k.startsWith("enable.idem")
                || k.startsWith("max.block") || k.startsWith("delivery.timeout") || k.startsWith("batch")
                || k.startsWith("compression") || k.startsWith("max.in.flight"));
        adminProps.put("bootstrap.servers", settings.kafkaBootstrap());
        this.admin = Admin.create(adminProps);
        try {
            // Memory persistence: the broker's session is the durable store, not a file in the cwd.
            this.mqtt = new MqttAsyncClient(settings.mqttUrl(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("bad MQTT URL " + settings.mqttUrl() + ": " + e.getMessage(), e);
        }
        mqtt.setManualAcks(true);
        mqtt.setCallback(new Callback());
    }

    /** Reports are linked to the open alerts these know of (fed from fg.alerts by an AlertWatcher). */
    public IngestGateway withOpenAlerts(io.finegrid.ingest.incident.OpenAlerts alerts) {
        this.openAlerts = alerts;
        return this;
    }

    public IngestGateway start() {
        probe.scheduleWithFixedDelay(this::probeKafka, 0, 5, TimeUnit.SECONDS);
        try {
            mqtt.connect(MqttConnectionFactory.options(false, settings.sessionExpirySeconds(), settings.receiveMaximum(),
                    settings.mqttUrl(), settings.mqttUsername(), settings.mqttPassword(), settings.mqttCaFile()))
                    .waitForCompletion(15_000);
            // connectComplete() sets this too, but on Paho's thread, possibly a moment later.
            connected = mqtt.isConnected();
        } catch (MqttException e) {
            close();
            throw new IllegalStateException("cannot connect to MQTT broker " + settings.mqttUrl() + ": " + e, e);
        }
        LOG.info("ingest gateway started: {}", settings);
        return this;
    }

    private void probeKafka() {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(4000)).nodes().get(5, TimeUnit.SECONDS);
            kafkaReachable = true;
        } catch (Exception e) {
            if (kafkaReachable) {
                LOG.warn("Kafka at {} unreachable: {}", settings.kafkaBootstrap(), e.toString());
            }
            kafkaReachable = false;
        }
    }

    private void subscribe() {
        String prefix = settings.shareGroup() == null ? "" : "$share/" + settings.shareGroup() + "/";
        String[] filters = MqttTopic.filters();
        MqttSubscription[] subs = new MqttSubscription[filters.length];
        for (int i = 0; i < filters.length; i++) {
            subs[i] = new MqttSubscription(prefix + filters[i], 1);
        }
        try {
            mqtt.subscribe(subs);
        } catch (MqttException e) {
            LOG.error("subscribe failed: {}", e.toString());
        }
    }

    void onMessage(String topic, MqttMessage message) {
        window.acquireUninterruptibly();
        counters.onReceived();
        long now = System.currentTimeMillis();
        Decoded d = codec.decode(topic, message.getPayload());
        List<CompletableFuture<Void>> sends = new ArrayList<>(d.accepted().size() + d.rejected().size());
        for (Normalized accepted : d.accepted()) {
            Normalized n = accepted instanceof Normalized.Request r
                    ? new Normalized.Request(openAlerts.link(r.value())) : accepted;
            counters.onAccepted(n.kind());
            sends.add(kafka.send(n));
        }
        for (Decoded.Rejected r : d.rejected()) {
            counters.onRejected(r.rejection().reason());
            String source = MqttTopic.parse(topic).map(t -> t.kind().suffix()).orElse("mqtt");
            sends.add(kafka.send(DeadLetter.of(source, topic, r.payload(), r.rejection(), now)));
        }
        int id = message.getId();
        int qos = message.getQos();
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).whenComplete((ok, ex) -> {
            if (ex == null) {
                acknowledge(id, qos);
            } else {
                // Only when closing: the message stays unacknowledged in the broker's session.
                counters.onAbandoned();
                window.release();
            }
        });
    }

    private void acknowledge(int id, int qos) {
        if (qos > 0) {
            try {
                mqtt.messageArrivedComplete(id, qos);
            } catch (MqttException e) {
                LOG.warn("could not acknowledge message {}: {}", id, e.toString());
            }
        }
        counters.onAcknowledged();
        window.release();
    }

    public IngestCounters counters() {
        return counters;
    }

    public boolean connected() {
        return connected;
    }

    public boolean kafkaReachable() {
        return kafkaReachable;
    }

    /** Health: the broker connection and Kafka, each checked live. */
    public List<Component> components() {
        return List.of(new Component("mqtt", this::connected), new Component("kafka", this::kafkaReachable));
    }

    /** Prometheus text for {@code /metrics}. */
    public void writeMetrics(StringBuilder out) {
        out.append("# HELP fg_ingest_received_total MQTT messages received\n# TYPE fg_ingest_received_total counter\n")
                .append("fg_ingest_received_total ").append(counters.mqttMessages()).append('\n')
                .append("# HELP fg_ingest_accepted_total records accepted, per topic kind\n")
                .append("# TYPE fg_ingest_accepted_total counter\n");
        for (TopicKind k : TopicKind.values()) {
            out.append("fg_ingest_accepted_total{kind=\"").append(k.suffix()).append("\"} ")
                    .append(counters.acceptedOf(k)).append('\n');
        }
        out.append("# HELP fg_ingest_rejected_total records sent to fg.dlq, per reason\n")
                .append("# TYPE fg_ingest_rejected_total counter\n");
        for (Reason r : Reason.values()) {
            out.append("fg_ingest_rejected_total{reason=\"").append(r.code()).append("\"} ")
                    .append(counters.rejected(r)).append('\n');
        }
        out.append("# HELP fg_ingest_forwarded_total records Kafka acknowledged\n# TYPE fg_ingest_forwarded_total counter\n")
                .append("fg_ingest_forwarded_total ").append(kafka.forwarded()).append('\n')
                .append("# HELP fg_ingest_acknowledged_total MQTT messages acknowledged after Kafka had them\n")
                .append("# TYPE fg_ingest_acknowledged_total counter\n")
                .append("fg_ingest_acknowledged_total ").append(counters.acknowledged()).append('\n')
                .append("# HELP fg_ingest_kafka_failed_attempts_total send attempts Kafka did not take (retried)\n")
                .append("# TYPE fg_ingest_kafka_failed_attempts_total counter\n")
                .append("fg_ingest_kafka_failed_attempts_total ").append(kafka.failedAttempts()).append('\n')
                .append("# HELP fg_ingest_in_flight messages received but not yet acknowledged\n")
                .append("# TYPE fg_ingest_in_flight gauge\nfg_ingest_in_flight ").append(counters.inFlight()).append('\n')
                .append("# TYPE fg_ingest_mqtt_connected gauge\nfg_ingest_mqtt_connected ").append(connected ? 1 : 0).append('\n')
                .append("# TYPE fg_ingest_kafka_reachable gauge\nfg_ingest_kafka_reachable ").append(kafkaReachable ? 1 : 0)
                .append('\n');
        kafka.latency().write(out);
    }

    @Override
    public void close() {
        probe.shutdownNow();
        try {
            if (mqtt.isConnected()) {
                mqtt.disconnect().waitForCompletion(5_000);
            }
        } catch (MqttException e) {
            LOG.debug("disconnect: {}", e.toString());
        }
        kafka.close();
        admin.close(java.time.Duration.ofSeconds(5));
        try {
            mqtt.close(true);
        } catch (MqttException e) {
            LOG.debug("close: {}", e.toString());
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            connected = true;
            LOG.info("ingest {} connected to {}{}", settings.clientId(), serverURI, reconnect ? " (reconnect)" : "");
            subscribe();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            connected = false;
            LOG.warn("ingest {} disconnected: {}", settings.clientId(), response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT error: {}", exception.toString());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            onMessage(topic, message);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {}

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {}
    }
}
