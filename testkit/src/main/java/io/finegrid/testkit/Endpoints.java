package io.finegrid.testkit;

/** Where the four services of a FineGrid installation answer (CONTRACT §1 environment variables). */
public record Endpoints(String mqttUrl, String kafkaBootstrap, String influxUrl, String influxDb) {
    public static final String DEFAULT_MQTT = "tcp://127.0.0.1:1883";
    public static final String DEFAULT_KAFKA = "127.0.0.1:9092";
    public static final String DEFAULT_INFLUX = "http://127.0.0.1:8086";
    public static final String DEFAULT_DB = "finegrid";

    /** The endpoints named by FG_MQTT_URL, FG_KAFKA_BOOTSTRAP, FG_INFLUX_URL, FG_INFLUX_DB, or the defaults. */
    public static Endpoints fromEnvironment() {
        return new Endpoints(env("FG_MQTT_URL", DEFAULT_MQTT), env("FG_KAFKA_BOOTSTRAP", DEFAULT_KAFKA),
                env("FG_INFLUX_URL", DEFAULT_INFLUX), env("FG_INFLUX_DB", DEFAULT_DB));
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
