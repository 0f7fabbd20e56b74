package io.finegrid.model.codec;

import io.finegrid.model.device.DeviceAddress;
import java.util.Optional;

/**
 * A parsed MQTT input topic: {@code fg/{community}/{building}/{deviceId}/{telemetry|event|status}}
 * or {@code fg/{community}/requests}. {@code address} is null for requests.
 */
public record MqttTopic(TopicKind kind, String community, DeviceAddress address) {

    public static final String PREFIX = "fg";

    public static Optional<MqttTopic> parse(String topic) {
        if (topic == null) {
            return Optional.empty();
        }
        String[] p = topic.split("/", -1);
        if (p.length == 3 && p[0].equals(PREFIX) && p[2].equals(TopicKind.REQUESTS.suffix())
                && Identifiers.isIdentifier(p[1])) {
            return Optional.of(new MqttTopic(TopicKind.REQUESTS, p[1], null));
        }
        if (p.length != 5 || !p[0].equals(PREFIX)) {
            return Optional.empty();
        }
        for (int i = 1; i <= 3; i++) {
            if (!Identifiers.isIdentifier(p[i])) {
                return Optional.empty();
            }
        }
        for (TopicKind k : TopicKind.values()) {
            if (k != TopicKind.REQUESTS && k.suffix().equals(p[4])) {
                return Optional.of(new MqttTopic(k, p[1], new DeviceAddress(p[1], p[2], p[3])));
            }
        }
        return Optional.empty();
    }

    /** The topic a device of this address publishes {@code kind} on. */
    public static String of(DeviceAddress at, TopicKind kind) {
        return String.join("/", PREFIX, at.community(), at.building(), at.deviceId(), kind.suffix());
    }

    public static String requests(String community) {
        return String.join("/", PREFIX, community, TopicKind.REQUESTS.suffix());
    }

    /** Subscription filters covering every input topic. */
    public static String[] filters() {
        return new String[] {"fg/+/+/+/telemetry", "fg/+/+/+/event", "fg/+/+/+/status", "fg/+/requests"};
    }
}
