package io.finegrid.jobs.hygiene;

import io.finegrid.jobs.input.DeviceInput;
import io.finegrid.jobs.rollup.EnrichedReading;
import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.deadletter.DeadLetter;
import io.finegrid.model.deadletter.Reason;
import io.finegrid.model.deadletter.Rejection;
import io.finegrid.model.json.Json;
import io.finegrid.model.topic.Topics;
import java.nio.charset.StandardCharsets;

/** Dead letters the job itself writes: undecodable records, late readings and refused configuration. */
public final class DeadLetters {
    private DeadLetters() {}

    public static DeadLetter undecodable(DeviceInput r) {
        return DeadLetter.of(r.sourceTopic, null, r.raw.getBytes(StandardCharsets.UTF_8),
                new Rejection(Reason.BAD_JSON, r.error), System.currentTimeMillis());
    }

    /** A reading that reached its one-minute rollup after the window had closed. */
    public static DeadLetter late(EnrichedReading r) {
        return DeadLetter.of(Topics.TELEMETRY.name(), null, Json.write(r),
                new Rejection(Reason.LATE, "reading of " + r.device.deviceId + " at " + r.ts
                        + " arrived after its minute was closed (later than the allowed out-of-orderness)"),
                System.currentTimeMillis());
    }

    /** A configuration document from {@code fg.config} the job refused (the running configuration stays). */
    public static DeadLetter invalidConfig(ConfigDocument doc, String detail) {
        String text = doc == null || doc.yaml() == null ? "" : doc.yaml();
        String what = doc == null ? "config" : doc.kind() + "/" + doc.id();
        return DeadLetter.of(Topics.CONFIG.name(), null, text.getBytes(StandardCharsets.UTF_8),
                new Rejection(Reason.INVALID_CONFIG, what + ": " + detail), System.currentTimeMillis());
    }

    /** An acknowledgement on {@code fg.alert-acks} that is no acknowledgement at all. */
    public static DeadLetter unreadableAck(String raw, String detail) {
        return DeadLetter.of(Topics.ALERT_ACKS.name(), null, (raw == null ? "" : raw).getBytes(StandardCharsets.UTF_8),
                new Rejection(Reason.BAD_JSON, detail), System.currentTimeMillis());
    }

    /** An acknowledgement for an alert the lifecycle does not hold (never raised, or long resolved). */
    public static DeadLetter unknownAlert(io.finegrid.model.alert.AlertAck ack, String detail) {
        return DeadLetter.of(Topics.ALERT_ACKS.name(), null, io.finegrid.model.json.Json.write(ack),
                new Rejection(Reason.UNKNOWN_ALERT, detail), System.currentTimeMillis());
    }
}
