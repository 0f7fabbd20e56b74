package io.finegrid.simulators.publish;

import io.finegrid.model.codec.MqttTopic;
import io.finegrid.model.codec.TopicKind;
import io.finegrid.model.config.CommunityConfig;
import io.finegrid.model.device.DeviceAddress;
import io.finegrid.model.json.Json;
import io.finegrid.simulators.model.DeviceBehaviour;
import io.finegrid.simulators.model.Fault;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a community live over one MQTT connection: every device reports telemetry at its
 * interval and a heartbeat every tenth reading, at QoS 1, with injected faults applied.
 */
public final class CommunitySimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommunitySimulator.class);

    private final CommunityConfig community;
    private final List<Fault> faults;
    private final long seed;
    private final MqttAsyncClient client;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fg-simulator");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private long startMs;

    public CommunitySimulator(String mqttUrl, CommunityConfig community, List<Fault> faults, long seed) {
        this.community = community;
        this.faults = faults;
        this.seed = seed;
        try {
            this.client = new MqttAsyncClient(mqttUrl, "fg-sim-" + community.community(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("bad MQTT URL " + mqttUrl, e);
        }
    }

    public CommunitySimulator start() {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setAutomaticReconnect(true);
        try {
            client.connect(o).waitForCompletion(15_000);
        } catch (MqttException e) {
            throw new IllegalStateException("simulator cannot connect: " + e, e);
        }
        startMs = System.currentTimeMillis();
        Map<String, Long> seqs = new LinkedHashMap<>();
        for (CommunityConfig.Device d : community.devices()) {
            long period = d.interval().toMillis();
            // Spread devices over their interval so the broker sees a steady rate, not bursts.
            long offset = ThreadLocalRandom.current().nextLong(period);
            timer.scheduleAtFixedRate(() -> tick(d, seqs), offset, period, TimeUnit.MILLISECONDS);
        }
        LOG.info("simulating {} devices of community {}", community.devices().size(), community.community());
        return this;
    }

    private void tick(CommunityConfig.Device d, Map<String, Long> seqs) {
        long now = System.currentTimeMillis();
        long seq = seqs.merge(d.id(), 1L, Long::sum);
        Map<String, Object> metrics = DeviceBehaviour.reading(seed, d.id(), d.type(), seq, now);
        for (Fault f : faults) {
            f.apply(d.id(), now - startMs, metrics);
        }
        DeviceAddress at = new DeviceAddress(community.community(), d.building(), d.id());
        Map<String, Object> reading = new LinkedHashMap<>();
        reading.put("ts", now);
        reading.put("seq", seq);
        reading.put("metrics", metrics);
        publish(MqttTopic.of(at, TopicKind.TELEMETRY), Json.write(reading));
        if (seq % 10 == 1) {
            publish(MqttTopic.of(at, TopicKind.STATUS), Json.write(Map.of("ts", now, "online", true)));
        }
    }

    private void publish(String topic, byte[] payload) {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        try {
            client.publish(topic, m);
            published.incrementAndGet();
        } catch (MqttException e) {
            failed.incrementAndGet();
            LOG.debug("publish to {} failed: {}", topic, e.toString());
        }
    }

    public long published() {
        return published.get();
    }

    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close();
        } catch (MqttException e) {
            LOG.debug("simulator close: {}", e.toString());
        }
    }
}
