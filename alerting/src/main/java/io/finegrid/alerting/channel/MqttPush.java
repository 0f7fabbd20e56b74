package io.finegrid.alerting.channel;

import io.finegrid.alerting.notify.Message;
import io.finegrid.model.alert.NotificationRecord;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A push to the recipient's MQTT topic (the crews' phone app subscribes to it), QoS 1: delivered
 * once the broker acknowledged it. A broker that is down is tried again.
 */
public final class MqttPush implements Channel {
    private final String url;
    private final String clientId;
    private MqttClient client;

    public MqttPush(String url, String clientId) {
        this.url = url;
        this.clientId = clientId;
    }

    @Override
    public synchronized Delivery send(NotificationRecord n) {
        try {
            MqttMessage m = new MqttMessage(Message.json(n));
            m.setQos(1);
            connected().publish(n.target(), m);
            return Delivery.delivered("PUBACK from " + url);
        } catch (MqttException e) {
            close();
            return Delivery.retry("MQTT: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return Delivery.refused("bad topic " + n.target() + ": " + e.getMessage());
        }
    }

    private MqttClient connected() throws MqttException {
        if (client == null || !client.isConnected()) {
            close();
            client = new MqttClient(url, clientId, new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setConnectionTimeout(5);
            client.connect(o);
        }
        return client;
    }

    public synchronized boolean up() {
        return client == null || client.isConnected();
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            try {
                if (client.isConnected()) {
                    client.disconnect();
                }
                client.close();
            } catch (MqttException ignored) {
                // closing a client that is already gone
            }
            client = null;
        }
    }
}
