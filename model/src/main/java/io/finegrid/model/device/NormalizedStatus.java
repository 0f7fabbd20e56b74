package io.finegrid.model.device;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A validated status on {@code fg.status}. Field names follow the device payload. */
public record NormalizedStatus(
        String community, String building, String deviceId, long ts, boolean online,
        @JsonProperty("battery_pct") Double batteryPct, @JsonProperty("rssi_dbm") Double rssiDbm, long ingestTs) {

    public static NormalizedStatus of(DeviceAddress at, DeviceStatus s, long ingestTs) {
        return new NormalizedStatus(at.community(), at.building(), at.deviceId(),
                s.ts(), s.online(), s.batteryPct(), s.rssiDbm(), ingestTs);
    }
}
