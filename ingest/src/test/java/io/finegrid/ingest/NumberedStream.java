package io.finegrid.ingest;

import io.finegrid.model.device.NormalizedReading;
import io.finegrid.model.json.Json;
import io.finegrid.testkit.KafkaTail;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * A stream of numbered QoS 1 readings over a few devices, remembering which ones the broker
 * acknowledged, and the check that Kafka holds every acknowledged one.
 */
final class NumberedStream implements AutoCloseable {
    final String community;
    final int devices;
    final Set<String> acked = ConcurrentHashMap.newKeySet();
    final AtomicLong published = new AtomicLong();
    private final MqttAsyncClient client;

    NumberedStream(String mqttUrl, String community, int devices) throws Exception {
        this.community = community;
        this.devices = devices;
        client = new MqttAsyncClient(mqttUrl, "num-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setAutomaticReconnect(true);
        client.connect(o).waitForCompletion(10_000);
    }

    /** Publishes {@code count} readings at about {@code perSecond}, numbering each device's from {@code firstSeq}. */
    void publish(long firstSeq, int count, int perSecond) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String device = "dev-" + (i % devices + 1);
            long seq = firstSeq + i / devices;
            String payload = "{\"ts\":" + System.currentTimeMillis() + ",\"seq\":" + seq + ",\"metrics\":{\"v\":" + i + "}}";
            MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            String key = device + "#" + seq;
            while (true) {
                try {
                    client.publish("fg/" + community + "/B1/" + device + "/telemetry", m, null, new MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken t) {
                            acked.add(key);
                        }

                        @Override
                        public void onFailure(IMqttToken t, Throwable ex) {}
                    });
                    break;
                } catch (org.eclipse.paho.mqttv5.common.MqttException busy) {
                    Thread.sleep(5); // client's own in-flight window full: wait for PUBACKs
                }
            }
            published.incrementAndGet();
            long due = start + (i + 1) * 1_000_000_000L / perSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
    }

    /** What Kafka holds for this community: device#seq -> copies. Waits until every acked one is there. */
    Map<String, Integer> awaitInKafka(String bootstrap, Duration timeout) {
        Map<String, Integer> copies = new HashMap<>();
        KafkaTail.readUntil(bootstrap, "fg.telemetry", values -> {
            copies.clear();
            for (String v : values) {
                if (v.contains("\"" + community + "\"")) {
                    NormalizedReading r = Json.read(v.getBytes(StandardCharsets.UTF_8), NormalizedReading.class);
                    copies.merge(r.deviceId() + "#" + r.seq(), 1, Integer::sum);
                }
            }
            return copies.keySet().containsAll(acked);
        }, timeout);
        return copies;
    }

    static long duplicates(Map<String, Integer> copies) {
        return copies.values().stream().mapToLong(n -> n - 1).sum();
    }

    static List<String> missing(Set<String> acked, Map<String, Integer> copies) {
        return acked.stream().filter(k -> !copies.containsKey(k)).sorted().limit(20).toList();
    }

    @Override
    public void close() throws Exception {
        client.disconnect().waitForCompletion(5_000);
        client.close();
    }
}
