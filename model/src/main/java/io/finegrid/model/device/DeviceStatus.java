package io.finegrid.model.device;

/** A heartbeat or online-state message (also the MQTT Last Will, with {@code online=false}). */
public record DeviceStatus(long ts, boolean online, Double batteryPct, Double rssiDbm) {}
