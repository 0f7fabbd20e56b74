package io.finegrid.ingest;

import io.finegrid.ingest.registry.DeviceRegistry;
import io.finegrid.ingest.registry.RegistryWatcher;
import io.finegrid.model.config.ConfigException;
import io.finegrid.model.config.FineGridConfig;
import io.finegrid.model.http.HttpEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * A standalone gateway instance, one of several behind a shared subscription. Settings from the
 * environment (one line each):
 * <pre>
 * FG_MQTT_URL            tcp://127.0.0.1:1883 (ssl://host:8883 for TLS)
 * FG_MQTT_USERNAME       broker login (optional)
 * FG_MQTT_PASSWORD       broker password (optional; never logged)
 * FG_MQTT_CA_FILE        PEM CA the broker's certificate chains to, for ssl:// (optional)
 * FG_KAFKA_BOOTSTRAP     127.0.0.1:9092
 * FG_KAFKA_PROPERTIES    a properties file passed to the producer: SASL/SSL, tuning (optional)
 * FG_INGEST_CLIENT_ID    stable MQTT client id of this instance (default fg-ingest-1)
 * FG_INGEST_SHARE_GROUP  shared-subscription group when running several instances (optional)
 * FG_INGEST_RECEIVE_MAX  unacknowledged messages the broker may have out to this instance (1000)
 * FG_INGEST_HTTP_PORT    /health and /metrics (default 0: none)
 * FG_API_TOKEN           bearer token for /metrics
 * </pre>
 * {@code --config DIR} seeds the device registry from community.yaml; fg.config keeps it current.
 */
public final class IngestMain {
    private IngestMain() {}

    public static void main(String[] args) throws Exception {
        IngestSettings s = new IngestSettings(env("FG_MQTT_URL", "tcp://127.0.0.1:1883"),
                env("FG_INGEST_CLIENT_ID", "fg-ingest-1"), env("FG_INGEST_SHARE_GROUP", null),
                env("FG_KAFKA_BOOTSTRAP", "127.0.0.1:9092"), Integer.parseInt(env("FG_INGEST_RECEIVE_MAX", "1000")),
                7 * 24 * 3600L, env("FG_MQTT_USERNAME", null), env("FG_MQTT_PASSWORD", null),
                env("FG_MQTT_CA_FILE", null), kafkaProperties(env("FG_KAFKA_PROPERTIES", null)));
        DeviceRegistry registry = new DeviceRegistry();
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--config")) {
                try {
                    registry.put(FineGridConfig.load(Path.of(args[i + 1])).community());
                } catch (ConfigException e) {
                    System.err.println("configuration error: " + e.getMessage());
                    System.exit(1);
                }
            }
        }
        RegistryWatcher watcher = new RegistryWatcher(s.kafkaBootstrap(), consumerSafe(s.kafkaProperties()), registry).start();
        io.finegrid.ingest.incident.OpenAlerts openAlerts = new io.finegrid.ingest.incident.OpenAlerts();
        io.finegrid.ingest.incident.AlertWatcher alerts = new io.finegrid.ingest.incident.AlertWatcher(s.kafkaBootstrap(),
                consumerSafe(s.kafkaProperties()), openAlerts).start();
        IngestGateway gateway = new IngestGateway(s, registry, Clock.systemUTC()).withOpenAlerts(openAlerts).start();
        int port = Integer.parseInt(env("FG_INGEST_HTTP_PORT", "0"));
        HttpEndpoint http = port > 0 ? new HttpEndpoint(port, env("FG_API_TOKEN", ""), gateway.components(),
                List.of(gateway::writeMetrics)).start() : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (http != null) {
                http.close();
            }
            gateway.close();
            alerts.close();
            watcher.close();
            stopped.countDown();
        }, "fg-ingest-stop"));
        System.out.println("ingest gateway " + s.clientId() + " running" + (http == null ? "" : ", http on " + http.port()));
        stopped.await();
    }

    /** Producer-only keys would make the consumer log warnings; SASL/SSL keys are shared. */
    static Map<String, Object> consumerSafe(Map<String, Object> props) {
        Map<String, Object> m = new HashMap<>();
        props.forEach((k, v) -> {
            if (k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                m.put(k, v);
            }
        });
        return m;
    }

    static Map<String, Object> kafkaProperties(String file) throws IOException {
        Map<String, Object> m = new HashMap<>();
        if (file == null) {
            return m;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            p.load(in);
        }
        p.forEach((k, v) -> m.put(k.toString(), v.toString()));
        return m;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
