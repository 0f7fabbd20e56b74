package io.finegrid.model.device;

import java.util.Map;

/** A validated reading on {@code fg.telemetry}, addressed and stamped with the ingest time. */
public record NormalizedReading(
        String community, String building, String deviceId,
        long ts, Long seq, Map<String, Object> metrics, long ingestTs) {

    public static NormalizedReading of(DeviceAddress at, TelemetryReading r, long ingestTs) {
        return new NormalizedReading(at.community(), at.building(), at.deviceId(), r.ts(), r.seq(), r.metrics(), ingestTs);
    }
}
