package io.finegrid.model.codec;

/** The four kinds of MQTT input topic (CONTRACT §2). */
public enum TopicKind {
    TELEMETRY("telemetry"), EVENT("event"), STATUS("status"), REQUESTS("requests");

    private final String suffix;

    TopicKind(String suffix) {
        this.suffix = suffix;
    }

    public String suffix() {
        return suffix;
    }
}
