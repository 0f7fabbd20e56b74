package io.finegrid.alerting;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.finegrid.alerting.api.Tokens;
import io.finegrid.alerting.notify.Backoff;
import io.finegrid.model.alert.AlertState;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.alert.Assignee;
import io.finegrid.model.alert.Severity;
import io.finegrid.alerting.config.CurrentConfig;
import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.http.HttpEndpoint;
import io.finegrid.model.topic.Topics;
import io.finegrid.testkit.Endpoints;
import io.finegrid.testkit.HostPort;
import io.finegrid.testkit.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One community for an alerting test, on the real services: Kafka and mosquitto of the shared
 * test stack, a GreenMail SMTP server, two crews' webhook receivers and an MQTT inbox. Alerts are
 * raised by writing transitions to fg.alerts, as the jobs do.
 */
final class Scene implements AutoCloseable {
    static final String ADMIN = "admin-token";
    static final List<String> TOKENS = List.of("crew-token crew", "crew2-token crew2", "gm-token gm", "gm2-token gm2");

    final Endpoints e = LocalStack.shared().endpoints();
    final String community = "al" + UUID.randomUUID().toString().substring(0, 8);
    final WebhookReceiver crewHook = new WebhookReceiver();
    final WebhookReceiver crew2Hook = new WebhookReceiver();
    final GreenMail mail;
    final MqttInbox inbox;
    final ConfigTexts config;
    private final KafkaProducer<String, byte[]> producer;
    AlertingService service;
    HttpEndpoint http;

    Scene(String repeatInterval) throws Exception {
        int smtp = HostPort.freeLoopback().port();
        mail = new GreenMail(new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        inbox = new MqttInbox(e.mqttUrl(), "fg/" + community + "/crews/crew");
        config = new ConfigTexts("""
                community: %s
                grids: [{id: G1, name: North, manager: gm}, {id: G2, name: South, manager: gm2}]
                buildings: [{id: B01, grid: G1, residents: 10}, {id: B02, grid: G1, residents: 10},
                            {id: B03, grid: G2, residents: 10}]
                devices: [{id: wp-1, type: water_pump, building: B01, interval: 10s}]
                """.formatted(community), """
                rules:
                  - {id: device-offline, kind: offline, deviceType: "*", missed: 3, severity: minor, category: device_maintenance}
                """, """
                services:
                  - {category: water_supply, name: Water, respond: 30m, resolve: 4h}
                  - {category: device_maintenance, name: Devices, respond: 1h, resolve: 1d}
                  - {category: power_supply, name: Power, respond: 30m, resolve: 4h}
                """, """
                recipients:
                  - {id: crew, org: utility, channels: [{webhook: "%s"}, {mqtt: "fg/%s/crews/crew"}, {email: "crew@example.org"}]}
                  - {id: crew2, org: utility, channels: [{webhook: "%s"}]}
                  - {id: gm, org: committee, channels: [{email: "gm@example.org"}]}
                  - {id: gm2, org: committee2, channels: [{email: "gm2@example.org"}]}
                assignments:
                  - {grid: "*", category: "*", crew: crew, escalate: [{after: 15m, to: gm}]}
                  - {grid: G2, category: "*", crew: crew2}
                notify: {groupWait: 1s, repeatInterval: %s}
                inhibit:
                  - {source: {rule: power-failure}, target: {rule: device-offline}, equal: [building]}
                """.formatted(crewHook.url(), community, crew2Hook.url(), repeatInterval));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, e.kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
        start();
    }

    /** (Re)starts the service, as a restart of its process would: the same consumer group, a fresh everything else. */
    void start() throws Exception {
        CurrentConfig current = new CurrentConfig(config);
        service = AlertingService.start(AlertingService.Settings.defaults(e.kafkaBootstrap(), e.mqttUrl())
                .withGroupId("alerting-" + community).withSmtp("127.0.0.1", mail.getSmtp().getPort(), "fg@example.org")
                .withBackoff(new Backoff(200, 1_000, 8)), current, Tokens.of(ADMIN, TOKENS, current));
        http = new HttpEndpoint(HostPort.freeLoopback().port(), ADMIN, service.components(), List.of(service.metrics()))
                .route("/api/", service.api()).start();
    }

    void stop() {
        http.close();
        service.close();
    }

    AlertTransition alert(String id, String rule, String category, String grid, String building, String device,
                          AlertState state, long at) {
        String crew = grid.equals("G2") ? "crew2" : "crew";
        return new AlertTransition(id, rule + "|" + (device == null ? building : device), rule, state, Severity.MAJOR,
                category, community, grid, building, device, null, rule + " at " + building, null, at - 1_000, at, 0,
                new Assignee("utility", crew), null);
    }

    void raise(AlertTransition... ts) throws Exception {
        for (AlertTransition t : ts) {
            producer.send(new ProducerRecord<>(Topics.ALERTS.name(), t.alertId(), Topics.ALERTS.serialize(t))).get();
        }
    }

    /** Publishes a configuration document of this scene's community on fg.config, as {@code finegrid config publish} does. */
    void publishConfig(String kind, String yaml) throws Exception {
        ConfigDocument d = new ConfigDocument(kind, community, yaml, System.currentTimeMillis());
        producer.send(new ProducerRecord<>(Topics.CONFIG.name(), new String(Topics.CONFIG.keyBytes(d),
                java.nio.charset.StandardCharsets.UTF_8), Topics.CONFIG.serialize(d))).get();
    }

    long metric(String name, String... labels) {
        return service.counters().get(name, labels);
    }

    HttpResponse<String> api(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + " s: " + what);
            }
            Thread.sleep(50);
        }
    }

    static Map<?, ?> first(List<Map<?, ?>> l) {
        return l.get(0);
    }

    @Override
    public void close() throws Exception {
        stop();
        producer.close();
        inbox.close();
        mail.stop();
        crewHook.close();
        crew2Hook.close();
    }
}
