package io.finegrid.model.device;

import java.util.Map;

/** A facility event as a device publishes it (CONTRACT §2). */
public record FacilityEvent(long ts, Long seq, EventType type, String code, String detail, Map<String, Object> state) {}
