package io.finegrid.ingest.registry;

import io.finegrid.model.codec.DeviceDirectory;
import io.finegrid.model.config.CommunityConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The devices of every community the gateway serves. A community's whole device map is replaced
 * at once when a new {@code community.yaml} arrives, so a lookup never sees half an update.
 */
public final class DeviceRegistry implements DeviceDirectory {
    private final Map<String, Map<String, String>> buildingByDevice = new ConcurrentHashMap<>();

    public DeviceRegistry put(CommunityConfig c) {
        Map<String, String> m = new HashMap<>();
        c.devices().forEach(d -> m.put(d.id(), d.building()));
        buildingByDevice.put(c.community(), Map.copyOf(m));
        return this;
    }

    public int communities() {
        return buildingByDevice.size();
    }

    @Override
    public Optional<String> buildingOf(String community, String deviceId) {
        Map<String, String> m = buildingByDevice.get(community);
        return m == null ? Optional.empty() : Optional.ofNullable(m.get(deviceId));
    }
}
