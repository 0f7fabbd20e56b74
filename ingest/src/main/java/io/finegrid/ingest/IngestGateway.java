package io.finegrid.ingest;

import io.finegrid.model.codec.Decoded;
import io.finegrid.model.codec.DeviceDirectory;
import io.finegrid.model.codec.MqttTopic;
import io.finegrid.model.codec.Normalized;
import io.finegrid.model.codec.PayloadCodec;
import io.finegrid.model.deadletter.DeadLetter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
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
 * persistent session and redelivers it after a reconnect. The broker never has more than
 * {@code receiveMaximum} unacknowledged messages out to us, which bounds our memory.
 */
public final class IngestGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestGateway.class);

    private final IngestSettings settings;
    private final PayloadCodec codec;
    private final IngestCounters counters = new IngestCounters();
    private final KafkaForwarder kafka;
    private final MqttAsyncClient mqtt;
    private final AtomicBoolean connected = new AtomicBoolean();

    public IngestGateway(IngestSettings settings, DeviceDirectory directory, Clock clock) {
        this.settings = settings;
        this.codec = new PayloadCodec(clock, directory);
        this.kafka = new KafkaForwarder(settings.kafkaBootstrap(), settings.clientId(), settings.kafkaOverrides());
        try {
            // Memory persistence: the broker's session is the durable store, not a file in the cwd.
            this.mqtt = new MqttAsyncClient(settings.mqttUrl(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("bad MQTT URL " + settings.mqttUrl() + ": " + e.getMessage(), e);
        }
        mqtt.setManualAcks(true);
        mqtt.setCallback(new Callback());
    }

    public IngestGateway start() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(settings.sessionExpirySeconds());
        o.setAutomaticReconnect(true);
        o.setReceiveMaximum(settings.receiveMaximum());
        o.setKeepAliveInterval(30);
        o.setConnectionTimeout(10);
        try {
            mqtt.connect(o).waitForCompletion(15_000);
        } catch (MqttException e) {
            throw new IllegalStateException("cannot connect to MQTT broker " + settings.mqttUrl() + ": " + e, e);
        }
        return this;
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
        counters.onReceived();
        long now = System.currentTimeMillis();
        Decoded d = codec.decode(topic, message.getPayload());
        List<CompletableFuture<Void>> sends = new ArrayList<>(d.accepted().size() + d.rejected().size());
        for (Normalized n : d.accepted()) {
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
                // Not acknowledged: the broker still holds the message in our session. Dropping the
                // connection makes it redeliver; the idempotent producer keeps what did arrive once.
                counters.onKafkaFailure();
                LOG.warn("Kafka did not take message {} on {}: {}; reconnecting for redelivery", id, topic, ex.toString());
                reconnectForRedelivery();
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
    }

    private void reconnectForRedelivery() {
        try {
            if (mqtt.isConnected()) {
                mqtt.disconnectForcibly(0, 1000, false);
            }
            mqtt.reconnect();
        } catch (MqttException e) {
            LOG.warn("reconnect failed: {}", e.toString());
        }
    }

    public IngestCounters counters() {
        return counters;
    }

    public boolean connected() {
        return connected.get();
    }

    @Override
    public void close() {
        try {
            if (mqtt.isConnected()) {
                mqtt.disconnect().waitForCompletion(5_000);
            }
        } catch (MqttException e) {
            LOG.debug("disconnect: {}", e.toString());
        }
        kafka.close();
        try {
            mqtt.close(true);
        } catch (MqttException e) {
            LOG.debug("close: {}", e.toString());
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            connected.set(true);
            LOG.info("ingest {} connected to {}{}", settings.clientId(), serverURI, reconnect ? " (reconnect)" : "");
            subscribe();
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            connected.set(false);
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
