package io.finegrid.model.codec;

import java.util.Optional;

/** Which devices exist, and in which building: the registry the codec checks addresses against. */
@FunctionalInterface
public interface DeviceDirectory {
    /** The building the device is registered in, or empty when the device is unknown. */
    Optional<String> buildingOf(String community, String deviceId);
}
