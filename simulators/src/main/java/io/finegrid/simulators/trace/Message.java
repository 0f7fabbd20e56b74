package io.finegrid.simulators.trace;

/** One MQTT message of a trace: when it is due (epoch ms on the trace's timeline), where, what (JSON text). */
public record Message(long at, String topic, String payload) {
    /** The device or building part of the topic that decides which connection publishes it. */
    public String building() {
        String[] p = topic.split("/");
        return p.length >= 5 ? p[2] : "requests";
    }

    public String device() {
        String[] p = topic.split("/");
        return p.length >= 5 ? p[3] : null;
    }

    public boolean telemetry() {
        return topic.endsWith("/telemetry");
    }
}
