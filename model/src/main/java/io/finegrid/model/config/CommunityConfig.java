package io.finegrid.model.config;

import io.finegrid.model.codec.DeviceDirectory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** {@code community.yaml}: grids, buildings and devices, with device groups already expanded. */
public record CommunityConfig(String community, String name, List<Grid> grids, List<Building> buildings,
                              List<Device> devices, List<DeviceGroup> deviceGroups) {

    public record Grid(String id, String name, String manager) {}

    public record Building(String id, String grid, int residents) {}

    public record Device(String id, String type, String building, Duration interval) {}

    /** Devices generated per building: {@code id} is a pattern with {@code {building}} and {@code {n}}. */
    public record DeviceGroup(String type, int perBuilding, String id, Duration interval) {}

    public Map<String, Device> devicesById() {
        return devices.stream().collect(Collectors.toMap(Device::id, Function.identity()));
    }

    public Map<String, Building> buildingsById() {
        return buildings.stream().collect(Collectors.toMap(Building::id, Function.identity()));
    }

    /** A directory of this community's devices, for the ingest codec. */
    public DeviceDirectory directory() {
        Map<String, Device> byId = devicesById();
        return (c, deviceId) -> c.equals(community)
                ? Optional.ofNullable(byId.get(deviceId)).map(Device::building)
                : Optional.empty();
    }
}
