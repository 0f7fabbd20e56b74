package io.finegrid.ingest;

import java.util.Map;

/**
 * How one gateway instance connects. {@code clientId} must be stable across restarts: the broker
 * keeps the persistent session (and every unacknowledged message) under it. {@code shareGroup},
 * when set, subscribes through {@code $share/<group>/...} so several instances split the load.
 */
public record IngestSettings(String mqttUrl, String clientId, String shareGroup, String kafkaBootstrap,
                             int receiveMaximum, long sessionExpirySeconds, Map<String, Object> kafkaOverrides) {

    public static IngestSettings defaults(String mqttUrl, String kafkaBootstrap) {
        return new IngestSettings(mqttUrl, "fg-ingest-1", null, kafkaBootstrap, 1000, 7 * 24 * 3600L, Map.of());
    }

    public IngestSettings withClientId(String id) {
        return new IngestSettings(mqttUrl, id, shareGroup, kafkaBootstrap, receiveMaximum, sessionExpirySeconds,
                kafkaOverrides);
    }

    public IngestSettings withShareGroup(String group) {
        return new IngestSettings(mqttUrl, clientId, group, kafkaBootstrap, receiveMaximum, sessionExpirySeconds,
                kafkaOverrides);
    }
}
