package io.finegrid.alerting;

import io.finegrid.alerting.api.Tokens;
import io.finegrid.alerting.config.CurrentConfig;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.http.HttpEndpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The alerting service on its own (the platform embeds it): {@code --config DIR}, endpoints from
 * FG_KAFKA_BOOTSTRAP, FG_MQTT_URL, FG_SMTP_HOST / FG_SMTP_PORT / FG_MAIL_FROM, FG_HTTP_PORT; the
 * admin token FG_API_TOKEN (required) and people's tokens in FG_API_TOKENS_FILE.
 */
public final class AlertingMain {
    private AlertingMain() {}

    public static void main(String[] args) throws Exception {
        Path configDir = null;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--config")) {
                configDir = Path.of(args[i + 1]);
            }
        }
        if (configDir == null) {
            System.err.println("usage: AlertingMain --config DIR");
            System.exit(2);
        }
        String token = env("FG_API_TOKEN", "");
        if (token.isBlank()) {
            System.err.println("FG_API_TOKEN is required: the HTTP API refuses every request without a token");
            System.exit(2);
        }
        CurrentConfig config = new CurrentConfig(ConfigTexts.read(configDir));
        String tokensFile = env("FG_API_TOKENS_FILE", "");
        Tokens tokens = Tokens.read(token, tokensFile.isBlank() ? null : Path.of(tokensFile), config);
        AlertingService.Settings settings = AlertingService.Settings.defaults(env("FG_KAFKA_BOOTSTRAP", "127.0.0.1:9092"),
                env("FG_MQTT_URL", "tcp://127.0.0.1:1883")).withSmtp(env("FG_SMTP_HOST", "127.0.0.1"),
                Integer.parseInt(env("FG_SMTP_PORT", "25")), env("FG_MAIL_FROM", "finegrid@localhost"))
                .withInflux(env("FG_INFLUX_URL", "http://127.0.0.1:8086"), env("FG_INFLUX_DB", "finegrid"),
                        env("FG_INFLUX_TOKEN", ""));
        AlertingService service = AlertingService.start(settings, config, tokens);
        HttpEndpoint http = new HttpEndpoint(Integer.parseInt(env("FG_HTTP_PORT", "8080")), token, service.components(),
                List.of(service.metrics())).route("/api/", service.api()).route("/api/console/", service.consoleApi())
                .route("/console", AlertingService.consolePage()).start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.close();
            service.close();
            stop.countDown();
        }));
        System.out.println("FineGrid alerting: console http://127.0.0.1:" + http.port() + "/console/, API /api/alerts");
        stop.await();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
