package io.finegrid.simulators.record;

import io.finegrid.simulators.trace.Message;
import io.finegrid.simulators.trace.TraceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/**
 * Records what crosses the broker: subscribes (QoS 1) to the FineGrid topics of one community,
 * or of all, and writes every message with the time it arrived to a trace file.
 */
public final class Recorder implements AutoCloseable {
    private final MqttClient client;
    private final TraceFile.Writer out;
    private final AtomicLong recorded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    public Recorder(String url, String community, TraceFile.Writer out) throws MqttException {
        this.out = out;
        String c = community == null ? "+" : community;
        client = new MqttClient(url, "fg-recorder-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
        client.connect(new MqttConnectionOptions());
        IMqttMessageListener take = (topic, m) -> {
            try {
                out.write(new Message(System.currentTimeMillis(), topic, new String(m.getPayload(), StandardCharsets.UTF_8)));
                recorded.incrementAndGet();
            } catch (IOException e) {
                failed.incrementAndGet();
            }
        };
        // The array form: Paho 1.2.5's (topic, qos, listener) overload recurses into itself.
        client.subscribe(new MqttSubscription[] {new MqttSubscription("fg/" + c + "/+/+/+", 1),
                new MqttSubscription("fg/" + c + "/requests", 1)}, new IMqttMessageListener[] {take, take});
    }

    public long recorded() {
        return recorded.get();
    }

    public long failed() {
        return failed.get();
    }

    @Override
    public void close() throws IOException {
        try {
            client.disconnect();
            client.close();
        } catch (MqttException e) {
            // already gone
        }
        out.close();
    }
}
