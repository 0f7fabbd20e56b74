package io.finegrid.jobs.hygiene;

import io.finegrid.jobs.reading.Reading;
import io.finegrid.model.deadletter.DeadLetter;
import io.finegrid.model.deadletter.Reason;
import io.finegrid.model.deadletter.Rejection;
import io.finegrid.model.json.Json;
import io.finegrid.model.topic.Topics;
import java.nio.charset.StandardCharsets;

/** Dead letters the job itself writes: undecodable records and late readings. */
public final class DeadLetters {
    private DeadLetters() {}

    public static DeadLetter undecodable(Reading r) {
        return DeadLetter.of(Topics.TELEMETRY.name(), null, r.raw.getBytes(StandardCharsets.UTF_8),
                new Rejection(Reason.BAD_JSON, r.error), System.currentTimeMillis());
    }

    public static DeadLetter late(Reading r) {
        return DeadLetter.of(Topics.TELEMETRY.name(), null, Json.write(r),
                new Rejection(Reason.LATE, "reading of " + r.deviceId + " at " + r.ts
                        + " arrived behind the watermark (later than the allowed out-of-orderness)"),
                System.currentTimeMillis());
    }
}
