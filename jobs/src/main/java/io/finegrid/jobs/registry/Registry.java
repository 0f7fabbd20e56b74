package io.finegrid.jobs.registry;

import io.finegrid.model.alert.Assignee;
import io.finegrid.model.config.CommunityConfig;
import io.finegrid.model.config.FineGridConfig;
import io.finegrid.model.config.ResponsibilitiesConfig;
import java.util.HashMap;
import java.util.Map;

/** Lookups the job needs per reading: a device's type and grid, and who owns a category there. */
public final class Registry {
    /** Tag value for a device the registry does not know (InfluxDB drops empty tags). */
    public static final String UNKNOWN = "unknown";

    private final Map<String, CommunityConfig.Device> devices;
    /*
     * Device types and grids, one string per distinct name: they are compared for every reading
     * (is a rule for this type?), and a copy per device, as the configuration's parser makes
     * them, was two more cold cache lines per reading (the string and its bytes).
     */
    private final Map<String, String> typeOfDevice = new HashMap<>();
    private final Map<String, String> gridOfBuilding = new HashMap<>();
    private final Map<String, Integer> devicesPerGrid = new HashMap<>();
    private final FineGridConfig config;

    public Registry(FineGridConfig config) {
        this.config = config;
        this.devices = config.community().devicesById();
        Map<String, String> names = new HashMap<>();
        devices.forEach((id, d) -> typeOfDevice.put(id, d.type() == null ? null : names.computeIfAbsent(d.type(), t -> t)));
        config.community().buildings().forEach(b -> gridOfBuilding.put(b.id(),
                b.grid() == null ? null : names.computeIfAbsent(b.grid(), g -> g)));
        devices.values().forEach(d -> devicesPerGrid.merge(gridOfBuilding.getOrDefault(d.building(), UNKNOWN), 1,
                Integer::sum));
    }

    public FineGridConfig config() {
        return config;
    }

    public String deviceType(String deviceId) {
        return typeOfDevice.getOrDefault(deviceId, UNKNOWN);
    }

    /** The device's reporting interval, or null for a device the registry does not know. */
    public java.time.Duration interval(String deviceId) {
        CommunityConfig.Device d = devices.get(deviceId);
        return d == null ? null : d.interval();
    }

    public String grid(String building) {
        return gridOfBuilding.getOrDefault(building, UNKNOWN);
    }

    public Assignee assignee(String grid, String category) {
        ResponsibilitiesConfig r = config.responsibilities();
        return r.ownerOf(grid, category).map(a -> new Assignee(r.recipients().stream()
                .filter(p -> p.id().equals(a.crew())).findFirst().map(ResponsibilitiesConfig.Recipient::org)
                .orElse(UNKNOWN), a.crew())).orElse(null);
    }

    /** A recipient of the responsibility list as an assignee (its organisation and id). */
    public Assignee recipient(String id) {
        return config.responsibilities().recipients().stream().filter(p -> p.id().equals(id)).findFirst()
                .map(p -> new Assignee(p.org(), p.id())).orElse(new Assignee(UNKNOWN, id));
    }

    /** Who hears of an unacknowledged alert of {@code category} in {@code grid}, and when: the owner's escalation chain. */
    public java.util.List<ResponsibilitiesConfig.Escalation> escalation(String grid, String category) {
        return config.responsibilities().ownerOf(grid, category)
                .map(a -> a.escalate() == null ? java.util.List.<ResponsibilitiesConfig.Escalation>of() : a.escalate())
                .orElse(java.util.List.of());
    }

    /** How many devices the registry places in {@code grid}. */
    public int deviceCount(String grid) {
        return devicesPerGrid.getOrDefault(grid, 0);
    }
}
