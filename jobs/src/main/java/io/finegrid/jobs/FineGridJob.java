package io.finegrid.jobs;

import io.finegrid.jobs.faults.AlertPoint;
import io.finegrid.jobs.faults.DeviceRules;
import io.finegrid.jobs.faults.ScopeRules;
import io.finegrid.jobs.faults.LiveConfig;
import io.finegrid.jobs.health.GridHealth;
import io.finegrid.jobs.health.GridSignal;
import io.finegrid.jobs.incident.IncidentLinker;
import io.finegrid.jobs.input.AckInputs;
import io.finegrid.jobs.input.ConfigUpdates;
import io.finegrid.jobs.lifecycle.AlertLifecycle;
import io.finegrid.jobs.lifecycle.AlertSignal;
import io.finegrid.jobs.input.DeviceInput;
import io.finegrid.jobs.input.DeviceInputDeserializer;
import io.finegrid.jobs.hygiene.DeadLetters;
import io.finegrid.model.config.ConfigTexts;
import io.finegrid.jobs.service.BacklogRules;
import io.finegrid.jobs.service.ConsultationReport;
import io.finegrid.jobs.service.ConsultationRules;
import io.finegrid.jobs.service.KpiEvent;
import io.finegrid.jobs.service.KpiRules;
import io.finegrid.jobs.service.RequestChange;
import io.finegrid.jobs.service.RequestRules;
import io.finegrid.jobs.service.RequestUpdate;
import io.finegrid.jobs.sink.influx.InfluxSettings;
import io.finegrid.jobs.sink.influx.InfluxSink;
import io.finegrid.jobs.sink.kafka.TopicSerializer;
import io.finegrid.jobs.wire.Lines;
import io.finegrid.model.alert.AlertTransition;
import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.deadletter.DeadLetter;
import io.finegrid.model.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.ParameterTool;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The FineGrid detection job: readings, events and statuses from {@code fg.telemetry},
 * {@code fg.events} and {@code fg.status} meet the device rules per device as they arrive;
 * readings are rolled up into {@code telemetry_1m} by event-time minute (in the same operator); alerts go to
 * {@code fg.alerts} and InfluxDB ({@code alerts}, {@code device_status}), late and undecodable
 * records to {@code fg.dlq}. Documents on {@code fg.config} change the rules and the registry
 * of the running job (broadcast to the rule operators).
 * Sources and sinks are constructor arguments: {@link #main} wires Kafka and InfluxDB, tests
 * may wire others.
 */
public final class FineGridJob {
    private static final OutputTag<RequestUpdate> REQUESTS = new OutputTag<>("requests", Types.POJO(RequestUpdate.class));
    private static final OutputTag<DeadLetter> UNREADABLE_ACKS = new OutputTag<>("unreadable-acks",
            TypeInformation.of(DeadLetter.class));
    private static final OutputTag<DeviceInput> UNDECODABLE = new OutputTag<>("undecodable",
            TypeInformation.of(DeviceInput.class));

    private final Inputs inputs;
    private final Sink<String> influx;
    private final Sink<AlertTransition> alerts;
    private final Sink<DeadLetter> deadLetters;
    private final ConfigTexts config;
    private final Options options;
    private ConfigUpdates configUpdates = ConfigUpdates.none();
    private AckInputs ackInputs = AckInputs.none();

    /** Event-time tuning. {@code outOfOrderness}: how far behind the newest reading a reading may arrive. */
    public record Options(Duration outOfOrderness, Duration idleness, Duration dedupHorizon,
                          Duration checkpointInterval, Duration bufferTimeout) {
        public Options(Duration outOfOrderness, Duration idleness, Duration dedupHorizon, Duration checkpointInterval) {
            this(outOfOrderness, idleness, dedupHorizon, checkpointInterval, DEFAULT_BUFFER_TIMEOUT);
        }

        public static Options defaults() {
            return new Options(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMinutes(10),
                    Duration.ofSeconds(5));
        }
    }

    static final Duration DEFAULT_BUFFER_TIMEOUT = Duration.ofMillis(10);
    /**
     * The job's default buffer timeout: each record leaves its operator at once. Nearly every
     * operator carries alerts, requests, health, configuration or acknowledgements, a few records
     * a second even in a large community; with a 10 ms timeout each of their subtasks had a flusher
     * thread waking a hundred times a second to find nothing to send (about 3% of the CPU on two
     * cores), and an alert waited up to 10 ms more at every hop. Only the readings' own path (the
     * sources and the device rules, with their rollup lines) fills buffers: it alone is given
     * {@link Options#bufferTimeout()}, so an operator added later sends at once unless it says otherwise.
     */
    static final long FLUSH_EACH_RECORD = 0;

    public FineGridJob(Inputs inputs, Sink<String> influx, Sink<AlertTransition> alerts,
                       Sink<DeadLetter> deadLetters, ConfigTexts config, Options options) {
        this.inputs = inputs;
        this.influx = influx;
        this.alerts = alerts;
        this.deadLetters = deadLetters;
        this.config = config;
        this.options = options;
    }

    /** Where configuration changes come from (default: none, the job keeps its submitted configuration). */
    public FineGridJob withConfigUpdates(ConfigUpdates updates) {
        this.configUpdates = updates;
        return this;
    }

    /** Where people's acknowledgements come from (default: none). */
    public FineGridJob withAcks(AckInputs acks) {
        this.ackInputs = acks;
        return this;
    }

    /** Where device inputs come from: Kafka in production, a recorded trace in a backtest. */
    @FunctionalInterface
    public interface Inputs extends java.io.Serializable {
        SingleOutputStreamOperator<DeviceInput> create(StreamExecutionEnvironment env,
                                                       WatermarkStrategy<DeviceInput> watermarks);

        static Inputs of(Source<DeviceInput, ?, ?> source) {
            return (env, wm) -> env.fromSource(source, wm, "device-inputs");
        }
    }

    /** Builds the job graph; returns the alert transitions (also sent to the alerts sink). */
    public DataStream<AlertTransition> build(StreamExecutionEnvironment env) {
        env.enableCheckpointing(options.checkpointInterval().toMillis());
        Configuration pipeline = new Configuration();
        // Every record type has a Flink serializer of its own: a type that would fall back to Kryo
        // (a third of the speed) fails when the graph is built, not quietly in production.
        pipeline.set(PipelineOptions.GENERIC_TYPES, false);
        // Operators here never change a record after emitting it, so chained operators may share
        // it instead of copying.
        pipeline.set(PipelineOptions.OBJECT_REUSE, true);
        env.configure(pipeline);
        // A network buffer leaves when full or after its timeout: Flink's 100 ms default, paid at
        // every hop, was most of the alert latency. Records leave at once (see FLUSH_EACH_RECORD)
        // except on the readings' path, where buffers fill first under load anyway.
        env.setBufferTimeout(FLUSH_EACH_RECORD);
        long readingsTimeout = options.bufferTimeout().toMillis();
        WatermarkStrategy<DeviceInput> wm = WatermarkStrategy
                .<DeviceInput>forBoundedOutOfOrderness(options.outOfOrderness())
                .withTimestampAssigner((r, previous) -> r.ts)
                .withIdleness(options.idleness());
        SingleOutputStreamOperator<DeviceInput> valid = inputs.create(env, wm).setBufferTimeout(readingsTimeout)
                .process(new ProcessFunction<DeviceInput, DeviceInput>() {
                    @Override
                    public void processElement(DeviceInput r, Context ctx, Collector<DeviceInput> out) {
                        if (r.error != null) {
                            ctx.output(UNDECODABLE, r);
                        } else if (r.kind == DeviceInput.Kind.REQUEST) {
                            ctx.output(REQUESTS, r.request);
                        } else {
                            out.collect(r);
                        }
                    }
                }).name("split-inputs").uid("split-undecodable").setBufferTimeout(readingsTimeout);

        BroadcastStream<ConfigDocument> configs = configUpdates.create(env).broadcast(LiveConfig.DESCRIPTOR);
        SingleOutputStreamOperator<AlertTransition> alerts = valid.keyBy(DeviceInput::deviceKey).connect(configs)
                .process(new DeviceRules(config, options.dedupHorizon().toMillis()))
                .name("device-rules").uid("device-rules").setBufferTimeout(readingsTimeout);
        DataStream<AlertTransition> buildingAlerts = alerts.getSideOutput(DeviceRules.COMPOSITE_INPUTS)
                .keyBy(ScopeRules::buildingKey).connect(configs)
                .process(new ScopeRules(config)).name("building-rules").uid("building-rules");
        // The service side: requests share the source (and so its event time) with the devices.
        SingleOutputStreamOperator<AlertTransition> requestAlerts = valid.getSideOutput(REQUESTS)
                .keyBy(RequestUpdate::requestKey).connect(configs)
                .process(new RequestRules(config)).name("request-rules").uid("request-rules");
        SingleOutputStreamOperator<AlertTransition> backlogAlerts = requestAlerts.getSideOutput(RequestRules.CHANGES)
                .keyBy(RequestChange::backlogKey).connect(configs)
                .process(new BacklogRules(config)).name("backlog").uid("backlog");
        DataStream<AlertTransition> consultationAlerts = requestAlerts.getSideOutput(RequestRules.REPORTS)
                .keyBy(ConsultationReport::consultationKey).connect(configs)
                .process(new ConsultationRules(config)).name("consultation").uid("consultation");
        DataStream<String> kpis = requestAlerts.getSideOutput(RequestRules.KPI_EVENTS)
                .keyBy(KpiEvent::kpiKey).connect(configs)
                .process(new KpiRules(config)).returns(Lines.TYPE).name("kpi").uid("kpi");
        // One incident per problem: device and composite alerts meet the reports from their building.
        DataStream<AlertSignal> incidents = alerts.union(buildingAlerts).keyBy(IncidentLinker::alertKey)
                .connect(valid.getSideOutput(REQUESTS).filter(u -> u.building != null).name("reports-with-building")
                        .keyBy(IncidentLinker::requestKey))
                .process(new IncidentLinker()).name("incidents").uid("incidents");
        DataStream<AlertSignal> serviceSignals = requestAlerts.union(backlogAlerts, consultationAlerts)
                .map(AlertSignal::detected).returns(Types.POJO(AlertSignal.class)).name("service-signals");
        SingleOutputStreamOperator<AlertSignal> acks = ackInputs.create(env)
                .process(new ProcessFunction<AlertSignal, AlertSignal>() {
                    @Override
                    public void processElement(AlertSignal s, Context ctx, Collector<AlertSignal> out) {
                        if (s.kind == AlertSignal.Kind.UNREADABLE) {
                            ctx.output(UNREADABLE_ACKS, DeadLetters.unreadableAck(s.raw, s.error));
                        } else {
                            out.collect(s);
                        }
                    }
                }).name("split-acks").uid("split-acks").setParallelism(1);
        // Every transition of an alert has one writer: its lifecycle (raise, acknowledge, escalate, resolve).
        SingleOutputStreamOperator<AlertTransition> allAlerts = incidents.union(serviceSignals, acks)
                .keyBy(AlertSignal::alertKey).connect(configs)
                .process(new AlertLifecycle(config)).name("alert-lifecycle").uid("alert-lifecycle");
        allAlerts.sinkTo(this.alerts).name("fg.alerts").uid("fg.alerts");

        // Rollups are made in the device rules (one state value per device, no window operator).
        DataStream<String> rollups = alerts.getSideOutput(DeviceRules.ROLLUPS);

        TypeInformation<DeadLetter> deadType = TypeInformation.of(DeadLetter.class);
        DataStream<DeadLetter> dead = valid.getSideOutput(UNDECODABLE).map(DeadLetters::undecodable).returns(deadType)
                .union(alerts.getSideOutput(DeviceRules.LATE_READINGS).map(DeadLetters::late).returns(deadType),
                        alerts.getSideOutput(DeviceRules.REJECTED_CONFIG), acks.getSideOutput(UNREADABLE_ACKS),
                        allAlerts.getSideOutput(AlertLifecycle.REFUSED));
        dead.sinkTo(deadLetters).name("dlq").uid("dlq");

        // Per grid every 10 s: devices, online, open alerts by severity, open and breached requests.
        TypeInformation<GridSignal> signalType = Types.POJO(GridSignal.class);
        DataStream<String> health = alerts.getSideOutput(DeviceRules.PRESENCE)
                .union(allAlerts.map(GridSignal::alert).returns(signalType).name("alert-signals"),
                        requestAlerts.getSideOutput(RequestRules.CHANGES).map(GridSignal::request).returns(signalType)
                                .name("request-signals"))
                .keyBy(GridSignal::gridKey).connect(configs)
                .process(new GridHealth(config)).returns(Lines.TYPE).name("grid-health").uid("grid-health");
        // Every stream of points carries the Lines type (UTF-8 on the wire), or Flink would not union them.
        rollups.union(allAlerts.map(AlertPoint::of).returns(Lines.TYPE).name("alert-points"),
                        alerts.getSideOutput(DeviceRules.STATUS_POINTS), backlogAlerts.getSideOutput(BacklogRules.POINTS),
                        kpis, health)
                .sinkTo(influx).name("influxdb").uid("influxdb");
        return allAlerts;
    }

    /** Kafka source and sinks for a broker at {@code bootstrap}. */
    public static FineGridJob overKafka(String bootstrap, String groupId, InfluxSink influx, ConfigTexts config,
                                        Options options) {
        KafkaSource<DeviceInput> source = KafkaSource.<DeviceInput>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(Topics.TELEMETRY.name(), Topics.EVENTS.name(), Topics.STATUS.name(), Topics.REQUESTS.name())
                .setGroupId(groupId)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new DeviceInputDeserializer(config.parse().community().community()))
                .setProperty("partition.discovery.interval.ms", "10000")
                .build();
        return new FineGridJob(Inputs.of(source), influx, kafkaSink(bootstrap, new TopicSerializer<>(Topics.ALERTS)),
                kafkaSink(bootstrap, new TopicSerializer<>(Topics.DLQ)), config, options)
                .withConfigUpdates(ConfigUpdates.fromKafka(bootstrap, groupId))
                .withAcks(AckInputs.fromKafka(bootstrap, groupId));
    }

    private static <V> KafkaSink<V> kafkaSink(String bootstrap, TopicSerializer<V> serializer) {
        // At-least-once: a transition may repeat after a crash (the contract lets consumers
        // deduplicate by alertId+state+updatedAt); exactly-once would delay every alert to the
        // next checkpoint.
        return KafkaSink.<V>builder()
                .setBootstrapServers(bootstrap)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setProperty("enable.idempotence", "true")
                .setProperty("acks", "all")
                .build();
    }

    /** InfluxDB sink from FG_INFLUX_* settings; FG_INFLUX_RETENTION (e.g. {@code 400d}) sets the database's retention. */
    public static InfluxSink influxSink(String url, String db, String mode, String token) {
        String retention = env("FG_INFLUX_RETENTION", "");
        return InfluxSink.builder().url(url).database(db).token(token)
                .mode(InfluxSettings.Mode.valueOf(mode.toUpperCase(Locale.ROOT)))
                .retention(retention.isBlank() ? null : io.finegrid.model.config.Durations.parse(retention).orElseThrow(
                        () -> new IllegalArgumentException("FG_INFLUX_RETENTION '" + retention
                                + "' is not a duration such as 400d"))).build();
    }

    /**
     * Entry point on a Flink cluster: {@code --config DIR} (read at submission), endpoints from
     * {@code --kafka}, {@code --influx-url}, {@code --influx-db}, {@code --influx-mode v1|v2}
     * or the FG_* environment variables.
     */
    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        String kafka = p.get("kafka", env("FG_KAFKA_BOOTSTRAP", "127.0.0.1:9092"));
        InfluxSink influx = influxSink(p.get("influx-url", env("FG_INFLUX_URL", "http://127.0.0.1:8086")),
                p.get("influx-db", env("FG_INFLUX_DB", "finegrid")), p.get("influx-mode", env("FG_INFLUX_MODE", "v2")),
                env("FG_INFLUX_TOKEN", ""));
        ConfigTexts config = ConfigTexts.read(Path.of(p.getRequired("config")));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        overKafka(kafka, p.get("group", "fg-jobs"), influx, config, Options.defaults()).build(env);
        env.execute("finegrid-detection");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
