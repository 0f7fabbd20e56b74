package io.finegrid.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.finegrid.ingest.mqtt.MqttConnectionFactory;
import io.finegrid.model.codec.DeviceDirectory;
import io.finegrid.testkit.Endpoints;
import io.finegrid.testkit.HostPort;
import io.finegrid.testkit.KafkaTail;
import io.finegrid.testkit.LocalStack;
import io.finegrid.testkit.Mosquitto;
import io.finegrid.testkit.ServiceProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.Test;

/**
 * A mosquitto with TLS, logins and the ACL shipped in deploy/mosquitto/acl: the gateway connects
 * over TLS with its login; a building gateway can publish under its own building only; a wrong
 * password is refused; the gateway never prints its password.
 */
class SecureBrokerIT {
    static final DeviceDirectory DIR = (c, d) -> Optional.of(d.startsWith("b2-") ? "B2" : "B1");
    final Endpoints e = LocalStack.shared().endpoints();

    @Test
    void tlsLoginsAndTheBuildingAcl() throws Exception {
        Path dir = Files.createTempDirectory("fg-secure-mqtt");
        certificates(dir);
        run(dir, "mosquitto_passwd", "-b", "-c", "passwd", "fg-ingest", "ingest-s3cret");
        run(dir, "mosquitto_passwd", "-b", "passwd", "B1", "b1-s3cret");
        Path acl = Path.of(System.getProperty("fg.project.root", "..")).resolve("deploy/mosquitto/acl");
        HostPort at = HostPort.freeLoopback();
        String url = "ssl://127.0.0.1:" + at.port();
        String c = "sec" + UUID.randomUUID().toString().substring(0, 6);
        try (ServiceProcess broker = Mosquitto.start(at, dir.resolve("broker"), List.of(
                "per_listener_settings false", "listener " + at.port() + " 127.0.0.1",
                "cafile " + dir.resolve("ca.pem"), "certfile " + dir.resolve("server.pem"),
                "keyfile " + dir.resolve("server.key"), "allow_anonymous false",
                "password_file " + dir.resolve("passwd"), "acl_file " + acl));
             IngestGateway g = new IngestGateway(IngestSettings.defaults(url, e.kafkaBootstrap())
                     .withClientId("secure-" + c).withMqttLogin("fg-ingest", "ingest-s3cret", dir.resolve("ca.pem").toString()),
                     DIR, Clock.systemUTC()).start()) {
            assertTrue(g.connected());
            assertFalse(g.toString().contains("s3cret"));

            MqttClient building = new MqttClient(url, "gw-B1-" + c, new MemoryPersistence());
            building.connect(MqttConnectionFactory.options(true, 0, 100, url, "B1", "b1-s3cret",
                    dir.resolve("ca.pem").toString()));
            long now = System.currentTimeMillis();
            publish(building, "fg/" + c + "/B1/b1-1/telemetry", "{\"ts\":" + now + ",\"metrics\":{\"own\":1}}");
            // Refused by the ACL (Paho drops the connection on the negative PUBACK): publish it last.
            publish(building, "fg/" + c + "/B2/b2-1/telemetry", "{\"ts\":" + now + ",\"metrics\":{\"intruder\":1}}");
            List<String> got = KafkaTail.readUntil(e.kafkaBootstrap(), "fg.telemetry",
                    v -> v.stream().anyMatch(s -> s.contains(c) && s.contains("\"own\"")), Duration.ofSeconds(30))
                    .stream().filter(s -> s.contains(c)).toList();
            assertEquals(1, got.size(), "only the building's own topic passes the ACL: " + got);
            assertTrue(got.get(0).contains("\"B1\""));
            Thread.sleep(2000);
            assertTrue(KafkaTail.readUntil(e.kafkaBootstrap(), "fg.telemetry", v -> false, Duration.ofSeconds(2)).stream()
                    .noneMatch(s -> s.contains(c) && s.contains("intruder")), "the other building's topic is refused");
            building.disconnectForcibly(1000);

            MqttClient impostor = new MqttClient(url, "gw-x-" + c, new MemoryPersistence());
            assertThrows(Exception.class, () -> impostor.connect(MqttConnectionFactory.options(true, 0, 100, url, "B1",
                    "guess", dir.resolve("ca.pem").toString())));
        }
    }

    @Test
    void secretsAreMaskedInSettings() {
        IngestSettings s = IngestSettings.defaults("ssl://h:8883", "k:9093").withMqttLogin("u", "pw-123", null)
                .withKafkaProperties(Map.of("security.protocol", "SASL_SSL", "sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"a\" password=\"kp-456\";",
                        "ssl.truststore.password", "ts-789"));
        String text = s.toString();
        assertFalse(text.contains("pw-123") || text.contains("kp-456") || text.contains("ts-789"), text);
        assertTrue(text.contains("SASL_SSL"), text);
    }

    private static void publish(MqttClient c, String topic, String payload) throws Exception {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        try {
            c.publish(topic, m);
        } catch (org.eclipse.paho.mqttv5.common.MqttException refused) {
            // MQTT 5 brokers may answer an unauthorised publish with a failing PUBACK reason code.
        }
    }

    /** A private CA and a server certificate for 127.0.0.1, made with openssl. */
    private static void certificates(Path dir) throws Exception {
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=fg-test-ca",
                "-keyout", "ca.key", "-out", "ca.pem");
        run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "server.key",
                "-out", "server.csr");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-days", "2", "-extfile", "san.ext", "-out", "server.pem");
    }

    private static void run(Path dir, String... cmd) {
        ServiceProcess.runToCompletion(cmd[0], List.of(cmd), dir, Map.of());
    }
}
