package io.finegrid.model.device;

/** Where a device message came from, read off its MQTT topic. */
public record DeviceAddress(String community, String building, String deviceId) {}
