package io.finegrid.simulators.publish;

import io.finegrid.simulators.trace.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * How a simulated community reaches the broker, at QoS 1:
 * <ul>
 *   <li>{@code shared}: a few connections for everything (load tests);</li>
 *   <li>{@code device}: one connection per device, as small installations are wired, each with a
 *       Last Will that reports it offline when its connection drops;</li>
 *   <li>{@code gateway}: one connection per building gateway, which batches each device's readings
 *       for {@code batchMs} of trace time and publishes them as one JSON array.</li>
 * </ul>
 * Each connection keeps at most {@code window} messages unacknowledged, so a slow broker slows the
 * simulator instead of filling its memory.
 */
public final class Connections implements AutoCloseable {
    public enum Mode { SHARED, DEVICE, GATEWAY }

    private final String url;
    private final String clientPrefix;
    private final Mode mode;
    private final int sharedConnections;
    private final long batchMs;
    private final Map<String, Link> links = new HashMap<>();
    private final Map<String, List<Message>> batches = new HashMap<>();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    public Connections(String url, String clientPrefix, Mode mode, int sharedConnections, long batchMs) {
        this.url = url;
        this.clientPrefix = clientPrefix;
        this.mode = mode;
        this.sharedConnections = Math.max(1, sharedConnections);
        this.batchMs = batchMs;
    }

    /** One client and its window. */
    private final class Link {
        final MqttAsyncClient client;
        final Semaphore window = new Semaphore(1_000);

        Link(String id, String willTopic) throws MqttException {
            client = new MqttAsyncClient(url, id, new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setAutomaticReconnect(true);
            o.setCleanStart(true);
            if (willTopic != null) {
                MqttMessage will = new MqttMessage("{\"ts\":0,\"online\":false}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                will.setQos(1);
                o.setWill(willTopic, will);
            }
            client.connect(o).waitForCompletion(15_000);
        }

        void publish(String topic, String payload) throws InterruptedException {
            window.acquire();
            MqttMessage m = new MqttMessage(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            m.setQos(1);
            try {
                sent.incrementAndGet();
                client.publish(topic, m, null, new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        acked.incrementAndGet();
                        window.release();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        failed.incrementAndGet();
                        window.release();
                    }
                });
            } catch (MqttException e) {
                failed.incrementAndGet();
                window.release();
            }
        }
    }

    public void send(Message m) throws InterruptedException, MqttException {
        if (mode == Mode.GATEWAY && m.telemetry()) {
            List<Message> b = batches.computeIfAbsent(m.topic(), k -> new ArrayList<>());
            b.add(m);
            if (m.at() - b.get(0).at() >= batchMs) {
                flush(m.topic());
            }
            return;
        }
        link(m).publish(m.topic(), m.payload());
    }

    private void flush(String topic) throws InterruptedException, MqttException {
        List<Message> b = batches.remove(topic);
        if (b == null || b.isEmpty()) {
            return;
        }
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < b.size(); i++) {
            array.append(i == 0 ? "" : ",").append(b.get(i).payload());
        }
        link(b.get(0)).publish(topic, array.append(']').toString());
    }

    private Link link(Message m) throws MqttException {
        String key = switch (mode) {
            case SHARED -> "shared-" + Math.floorMod(m.building().hashCode(), sharedConnections);
            case DEVICE -> m.device() == null ? "residents" : "device-" + m.device();
            case GATEWAY -> "gateway-" + m.building();
        };
        Link l = links.get(key);
        if (l == null) {
            String will = mode == Mode.DEVICE && m.device() != null
                    ? m.topic().substring(0, m.topic().lastIndexOf('/')) + "/status" : null;
            l = new Link(clientPrefix + "-" + key, will);
            links.put(key, l);
        }
        return l;
    }

    /** Publishes what the gateways still hold and waits (up to 30 s) for every acknowledgement. */
    public void drain() throws InterruptedException, MqttException {
        for (String topic : new ArrayList<>(batches.keySet())) {
            flush(topic);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (acked.get() + failed.get() < sent.get() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    public int connections() {
        return links.size();
    }

    public long sent() {
        return sent.get();
    }

    public long acked() {
        return acked.get();
    }

    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        for (Link l : links.values()) {
            try {
                if (l.client.isConnected()) {
                    l.client.disconnect().waitForCompletion(5_000);
                }
                l.client.close();
            } catch (MqttException e) {
                // already gone
            }
        }
        links.clear();
    }
}
