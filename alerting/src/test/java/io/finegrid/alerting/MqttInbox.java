package io.finegrid.alerting;

import io.finegrid.model.json.Json;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

/** A crew's phone, subscribed to its push topic on the real broker. */
final class MqttInbox implements AutoCloseable {
    private final MqttClient client;
    private final List<Map<?, ?>> messages = new CopyOnWriteArrayList<>();

    MqttInbox(String url, String topic) throws Exception {
        client = new MqttClient(url, "inbox-" + UUID.randomUUID(), new MemoryPersistence());
        client.connect(new MqttConnectionOptions());
        // The (topic, qos, listener) overload of Paho 1.2.5 recurses into itself: the array form works.
        client.subscribe(new org.eclipse.paho.mqttv5.common.MqttSubscription[] {
                new org.eclipse.paho.mqttv5.common.MqttSubscription(topic, 1)},
                new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] {
                        (t, m) -> messages.add(Json.read(m.getPayload(), Map.class))});
    }

    List<Map<?, ?>> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() throws Exception {
        client.disconnect();
        client.close();
    }
}
