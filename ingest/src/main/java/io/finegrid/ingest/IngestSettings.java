package io.finegrid.ingest;

import java.util.Map;

/**
 * How one gateway instance connects, parsed once. {@code clientId} must be stable across
 * restarts: the broker keeps the persistent session (and every unacknowledged message) under it.
 * {@code shareGroup}, when set, subscribes through {@code $share/<group>/...} so several instances
 * split the load. {@code receiveMaximum} is the number of unacknowledged QoS 1 messages the broker
 * may have out to this instance: it bounds the gateway's memory and, divided by Kafka's
 * acknowledgement latency, its rate per connection. {@code kafkaProperties} pass through to the
 * producer (SASL/SSL settings, tuning).
 */
public record IngestSettings(String mqttUrl, String clientId, String shareGroup, String kafkaBootstrap,
                             int receiveMaximum, long sessionExpirySeconds, String mqttUsername, String mqttPassword,
                             String mqttCaFile, Map<String, Object> kafkaProperties) {

    public static IngestSettings defaults(String mqttUrl, String kafkaBootstrap) {
        return new IngestSettings(mqttUrl, "fg-ingest-1", null, kafkaBootstrap, 1000, 7 * 24 * 3600L, null, null,
                null, Map.of());
    }

    public IngestSettings withClientId(String id) {
        return new IngestSettings(mqttUrl, id, shareGroup, kafkaBootstrap, receiveMaximum, sessionExpirySeconds,
                mqttUsername, mqttPassword, mqttCaFile, kafkaProperties);
    }

    public IngestSettings withShareGroup(String group) {
        return new IngestSettings(mqttUrl, clientId, group, kafkaBootstrap, receiveMaximum, sessionExpirySeconds,
                mqttUsername, mqttPassword, mqttCaFile, kafkaProperties);
    }

    public IngestSettings withKafkaProperties(Map<String, Object> props) {
        return new IngestSettings(mqttUrl, clientId, shareGroup, kafkaBootstrap, receiveMaximum, sessionExpirySeconds,
                mqttUsername, mqttPassword, mqttCaFile, props);
    }

    public IngestSettings withMqttLogin(String username, String password, String caFile) {
        return new IngestSettings(mqttUrl, clientId, shareGroup, kafkaBootstrap, receiveMaximum, sessionExpirySeconds,
                username, password, caFile, kafkaProperties);
    }

    /** Secrets never appear in logs: the password and every Kafka property that may hold one are masked. */
    @Override
    public String toString() {
        StringBuilder kp = new StringBuilder();
        kafkaProperties.forEach((k, v) -> kp.append(k).append('=')
                .append(Secrets.isSecret(k) ? "***" : v).append(' '));
        return "IngestSettings[mqtt=" + mqttUrl + ", clientId=" + clientId + ", shareGroup=" + shareGroup
                + ", kafka=" + kafkaBootstrap + ", receiveMaximum=" + receiveMaximum + ", user=" + mqttUsername
                + ", password=" + (mqttPassword == null ? "none" : "***") + ", ca=" + mqttCaFile
                + ", kafkaProperties=[" + kp.toString().trim() + "]]";
    }
}
