package io.finegrid.platform;

import io.finegrid.model.http.HttpEndpoint;
import io.finegrid.model.http.Component;
import io.finegrid.ingest.IngestGateway;
import io.finegrid.ingest.IngestSettings;
import io.finegrid.ingest.registry.DeviceRegistry;
import io.finegrid.ingest.registry.RegistryWatcher;
import io.finegrid.jobs.FineGridJob;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.config.FineGridConfig;
import io.finegrid.testkit.Endpoints;
import io.finegrid.testkit.HostPort;
import io.finegrid.testkit.Influx;
import io.finegrid.testkit.LocalStack;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FineGrid on one machine: the services that are not already reachable, the ingest gateway, the
 * detection job on a local Flink MiniCluster, and the HTTP endpoint. What {@code finegrid up} runs.
 * Beyond one machine the same job jar goes to a real Flink cluster (deploy/).
 */
public final class Platform implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

    /** Everything {@code up} needs to know, parsed once. */
    public record Settings(Endpoints endpoints, Path configDir, Path dataDir, int httpPort, String apiToken,
                           String influxMode, int parallelism, String jobGroupId, FineGridJob.Options jobOptions,
                           Alerting alerting) {
        public Settings(Endpoints endpoints, Path configDir, Path dataDir, int httpPort, String apiToken,
                        String influxMode, int parallelism, String jobGroupId, FineGridJob.Options jobOptions) {
            this(endpoints, configDir, dataDir, httpPort, apiToken, influxMode, parallelism, jobGroupId, jobOptions,
                    Alerting.fromEnvironment(endpoints, jobGroupId));
        }

        public Settings withAlerting(Alerting a) {
            return new Settings(endpoints, configDir, dataDir, httpPort, apiToken, influxMode, parallelism, jobGroupId,
                    jobOptions, a);
        }
    }

    /** The alerting service's settings and people's API tokens ({@code <token> <recipient-id>} lines). */
    public record Alerting(io.finegrid.alerting.AlertingService.Settings service, List<String> tokenLines) {
        /** SMTP from FG_SMTP_HOST, FG_SMTP_PORT, FG_MAIL_FROM; tokens from the file FG_API_TOKENS_FILE. */
        static Alerting fromEnvironment(Endpoints e, String jobGroupId) {
            String tokensFile = env("FG_API_TOKENS_FILE", "");
            List<String> lines;
            try {
                lines = tokensFile.isBlank() ? List.of() : java.nio.file.Files.readAllLines(Path.of(tokensFile));
            } catch (java.io.IOException ex) {
                throw new java.io.UncheckedIOException("FG_API_TOKENS_FILE " + tokensFile, ex);
            }
            return new Alerting(io.finegrid.alerting.AlertingService.Settings.defaults(e.kafkaBootstrap(), e.mqttUrl())
                    .withGroupId(jobGroupId + "-alerting")
                    .withInflux(e.influxUrl(), e.influxDb(), env("FG_INFLUX_TOKEN", ""))
                    .withSmtp(env("FG_SMTP_HOST", "127.0.0.1"), Integer.parseInt(env("FG_SMTP_PORT", "25")),
                            env("FG_MAIL_FROM", "finegrid@localhost")), lines);
        }

        private static String env(String name, String fallback) {
            String v = System.getenv(name);
            return v == null || v.isBlank() ? fallback : v;
        }
    }

    private final List<AutoCloseable> started = new ArrayList<>();
    private final Settings settings;
    private final FineGridConfig config;
    /** The configuration files as read at start: a restarted alerting service begins from them, as a new process would. */
    private ConfigTexts texts;
    private LocalStack stack;
    private IngestGateway ingest;
    private JobClient job;
    private HttpEndpoint api;
    private volatile io.finegrid.alerting.AlertingService alerting;
    private String resolvedInfluxMode;

    private Platform(Settings settings, FineGridConfig config) {
        this.settings = settings;
        this.config = config;
    }

    /** Starts everything; a failure stops what was already started and rethrows. */
    public static Platform start(Settings s) throws Exception {
        // Configuration errors surface before anything starts: file, line and reason.
        ConfigTexts texts = ConfigTexts.read(s.configDir());
        Platform p = new Platform(s, texts.parse());
        try {
            p.startAll(texts);
            return p;
        } catch (Exception | Error e) {
            p.close();
            throw e;
        }
    }

    private void startAll(ConfigTexts texts) throws Exception {
        this.texts = texts;
        Endpoints e = settings.endpoints();
        stack = LocalStack.startMissing(e, settings.dataDir(), 4);
        started.add(stack);
        resolvedInfluxMode = InfluxMode.choose(e.influxUrl(), settings.influxMode());
        io.finegrid.platform.config.ConfigTopic.publish(e.kafkaBootstrap(), config.community().community(), texts);

        DeviceRegistry registry = new DeviceRegistry().put(config.community());
        started.add(new RegistryWatcher(e.kafkaBootstrap(), java.util.Map.of(), registry).start());
        io.finegrid.ingest.incident.OpenAlerts openAlerts = new io.finegrid.ingest.incident.OpenAlerts();
        started.add(new io.finegrid.ingest.incident.AlertWatcher(e.kafkaBootstrap(), java.util.Map.of(), openAlerts).start());
        ingest = new IngestGateway(IngestSettings.defaults(e.mqttUrl(), e.kafkaBootstrap())
                .withClientId("fg-ingest-" + config.community().community()), registry, Clock.systemUTC())
                .withOpenAlerts(openAlerts).start();
        started.add(ingest);

        StreamExecutionEnvironment env = LocalFlink.forService(settings.parallelism(), settings.dataDir());
        FineGridJob.overKafka(e.kafkaBootstrap(), settings.jobGroupId(),
                FineGridJob.influxSink(e.influxUrl(), e.influxDb(), resolvedInfluxMode, System.getenv("FG_INFLUX_TOKEN")),
                texts, settings.jobOptions()).build(env);
        job = env.executeAsync("finegrid-detection");
        started.add(() -> job.cancel().get(30, TimeUnit.SECONDS));

        startAlerting();
        api = new HttpEndpoint(settings.httpPort(), settings.apiToken(), components(),
                List.of(this::metrics, out -> alerting.metrics().write(out)))
                .route("/api/", ex -> alerting.api().handle(ex))
                .route("/api/console/", ex -> alerting.consoleApi().handle(ex))
                .route("/console", io.finegrid.alerting.AlertingService.consolePage()).start();
        started.add(api);
        started.add(() -> alerting.close());
    }

    private void startAlerting() throws InterruptedException {
        var current = new io.finegrid.alerting.config.CurrentConfig(texts);
        alerting = io.finegrid.alerting.AlertingService.start(settings.alerting().service(), current,
                io.finegrid.alerting.api.Tokens.of(settings.apiToken(), settings.alerting().tokenLines(), current));
    }

    /**
     * Stops the alerting service and starts it again, as a crash and restart of its process would
     * (what it had not committed is read again; what it had sent is in its log). For tests.
     */
    public void restartAlerting(Runnable whileDown) throws InterruptedException {
        alerting.close();
        whileDown.run();
        startAlerting();
    }

    private List<Component> components() {
        Endpoints e = settings.endpoints();
        List<Component> all = new ArrayList<>(List.of(
                new Component("mqtt", () -> HostPort.parse(e.mqttUrl()).listening()),
                new Component("kafka", () -> HostPort.parse(e.kafkaBootstrap()).listening()),
                new Component("influxdb", () -> Influx.ping(e.influxUrl())),
                new Component("ingest", () -> ingest.connected() && ingest.kafkaReachable()),
                new Component("jobs", () -> jobStatus() == JobStatus.RUNNING)));
        all.add(new Component("alerting", () -> alerting.components().stream().allMatch(c -> c.up().getAsBoolean())));
        return all;
    }

    public io.finegrid.alerting.AlertingService alerting() {
        return alerting;
    }

    public JobStatus jobStatus() {
        try {
            return job.getJobStatus().get(5, TimeUnit.SECONDS);
        } catch (Exception ex) {
            return JobStatus.FAILED;
        }
    }

    /** Waits until the job runs: tests and {@code up} report ready only then. */
    public Platform awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (jobStatus() != JobStatus.RUNNING) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("detection job not running after " + timeout.toSeconds() + " s: " + jobStatus());
            }
            Thread.sleep(200);
        }
        return this;
    }

    private void metrics(StringBuilder out) {
        ingest.writeMetrics(out);
        out.append("# TYPE fg_job_running gauge\nfg_job_running ")
                .append(jobStatus() == JobStatus.RUNNING ? 1 : 0).append('\n');
    }

    public FineGridConfig config() {
        return config;
    }

    public IngestGateway ingest() {
        return ingest;
    }

    public java.nio.file.Path configDir() {
        return settings.configDir();
    }

    public String influxMode() {
        return resolvedInfluxMode;
    }

    public int httpPort() {
        return api.port();
    }

    public String describe() {
        Endpoints e = settings.endpoints();
        return String.format(Locale.ROOT, """
                  FG_MQTT_URL        %s
                  FG_KAFKA_BOOTSTRAP %s
                  FG_INFLUX_URL      %s  (database %s, %s writes)
                  FG_HTTP_PORT       %d  (console http://127.0.0.1:%d/console/)
                  FG_API_TOKEN       %s
                  config             %s  (community %s)""",
                e.mqttUrl(), e.kafkaBootstrap(), e.influxUrl(), e.influxDb(), resolvedInfluxMode, httpPort(), httpPort(),
                settings.apiToken(), settings.configDir(), config.community().community());
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("while stopping: {}", e.toString());
            }
        }
        started.clear();
    }
}
