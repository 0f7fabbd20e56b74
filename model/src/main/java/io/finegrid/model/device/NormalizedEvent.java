package io.finegrid.model.device;

import java.util.Map;

/** A validated facility event on {@code fg.events}. */
public record NormalizedEvent(
        String community, String building, String deviceId,
        long ts, Long seq, EventType type, String code, String detail, Map<String, Object> state, long ingestTs) {

    public static NormalizedEvent of(DeviceAddress at, FacilityEvent e, long ingestTs) {
        return new NormalizedEvent(at.community(), at.building(), at.deviceId(),
                e.ts(), e.seq(), e.type(), e.code(), e.detail(), e.state(), ingestTs);
    }
}
