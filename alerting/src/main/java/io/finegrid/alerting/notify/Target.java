package io.finegrid.alerting.notify;

import io.finegrid.model.config.ResponsibilitiesConfig.Channel;

/** Where one notification goes: a recipient and one of its channels ({@code webhook}, {@code email}, {@code mqtt}). */
public record Target(String recipient, String channel, String address) {
    public static Target of(String recipient, Channel c) {
        if (c instanceof Channel.Webhook w) {
            return new Target(recipient, "webhook", w.url());
        }
        if (c instanceof Channel.Email e) {
            return new Target(recipient, "email", e.address());
        }
        return new Target(recipient, "mqtt", ((Channel.MqttPush) c).topic());
    }
}
