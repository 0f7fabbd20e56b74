package io.finegrid.model.config;

import io.finegrid.model.alert.Severity;
import io.finegrid.model.config.CommunityConfig.Building;
import io.finegrid.model.config.CommunityConfig.Device;
import io.finegrid.model.config.CommunityConfig.DeviceGroup;
import io.finegrid.model.config.CommunityConfig.Grid;
import io.finegrid.model.config.ResponsibilitiesConfig.Assignment;
import io.finegrid.model.config.ResponsibilitiesConfig.Channel;
import io.finegrid.model.config.ResponsibilitiesConfig.Escalation;
import io.finegrid.model.config.ResponsibilitiesConfig.Recipient;
import io.finegrid.model.config.RulesConfig.CompositeRule;
import io.finegrid.model.config.RulesConfig.Rule;
import io.finegrid.model.config.RulesConfig.ThresholdRule;
import io.finegrid.model.device.EventType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** One parser per configuration file; each checks the references it can see. */
final class ConfigParsers {
    private ConfigParsers() {}

    static CommunityConfig community(ConfigNode root) {
        ConfigNode.Fields f = root.fields();
        String community = f.required("community").identifier();
        String name = f.optional("name").map(ConfigNode::text).orElse(community);
        List<Grid> grids = new ArrayList<>();
        Set<String> gridIds = new HashSet<>();
        for (ConfigNode n : f.required("grids").list()) {
            ConfigNode.Fields g = n.fields();
            String id = g.required("id").identifier();
            if (!gridIds.add(id)) {
                throw n.error("duplicate grid id '" + id + "'");
            }
            grids.add(new Grid(id, g.optional("name").map(ConfigNode::text).orElse(id),
                    g.optional("manager").map(ConfigNode::identifier).orElse(null)));
            g.done();
        }
        List<Building> buildings = new ArrayList<>();
        Set<String> buildingIds = new HashSet<>();
        for (ConfigNode n : f.required("buildings").list()) {
            ConfigNode.Fields b = n.fields();
            String id = b.required("id").identifier();
            ConfigNode gridNode = b.required("grid");
            String grid = gridNode.identifier();
            if (!gridIds.contains(grid)) {
                throw gridNode.error("building '" + id + "' names grid '" + grid + "', which is not defined");
            }
            if (!buildingIds.add(id)) {
                throw n.error("duplicate building id '" + id + "'");
            }
            buildings.add(new Building(id, grid, b.optional("residents").map(ConfigNode::nonNegativeInt).orElse(0)));
            b.done();
        }
        List<Device> devices = new ArrayList<>();
        Set<String> deviceIds = new HashSet<>();
        for (ConfigNode n : f.optional("devices").map(ConfigNode::list).orElse(List.of())) {
            ConfigNode.Fields d = n.fields();
            String id = d.required("id").identifier();
            ConfigNode bNode = d.required("building");
            String building = bNode.identifier();
            if (!buildingIds.contains(building)) {
                throw bNode.error("device '" + id + "' is in building '" + building + "', which does not exist");
            }
            if (!deviceIds.add(id)) {
                throw n.error("duplicate device id '" + id + "'");
            }
            devices.add(new Device(id, d.required("type").identifier(), building, d.required("interval").duration()));
            d.done();
        }
        List<DeviceGroup> groups = new ArrayList<>();
        for (ConfigNode n : f.optional("deviceGroups").map(ConfigNode::list).orElse(List.of())) {
            ConfigNode.Fields g = n.fields();
            ConfigNode idNode = g.required("id");
            String pattern = idNode.text();
            if (!pattern.contains("{n}")) {
                throw idNode.error("device group id pattern '" + pattern + "' must contain {n}");
            }
            DeviceGroup group = new DeviceGroup(g.required("type").identifier(), g.required("perBuilding").positiveInt(),
                    pattern, g.required("interval").duration());
            g.done();
            groups.add(group);
            for (Building b : buildings) {
                for (int i = 1; i <= group.perBuilding(); i++) {
                    String id = pattern.replace("{building}", b.id()).replace("{n}", Integer.toString(i));
                    if (!io.finegrid.model.codec.Identifiers.isIdentifier(id)) {
                        throw idNode.error("device group generates '" + id + "', which is not an identifier");
                    }
                    if (!deviceIds.add(id)) {
                        throw idNode.error("device group generates '" + id + "', which already exists");
                    }
                    devices.add(new Device(id, group.type(), b.id(), group.interval()));
                }
            }
        }
        f.done();
        return new CommunityConfig(community, name, List.copyOf(grids), List.copyOf(buildings), List.copyOf(devices),
                List.copyOf(groups));
    }

    static ServicesConfig services(ConfigNode root) {
        ConfigNode.Fields f = root.fields();
        List<ServicesConfig.Service> services = new ArrayList<>();
        Set<String> categories = new HashSet<>();
        for (ConfigNode n : f.required("services").list()) {
            ConfigNode.Fields s = n.fields();
            String category = s.required("category").identifier();
            if (!categories.add(category)) {
                throw n.error("duplicate service category '" + category + "'");
            }
            services.add(new ServicesConfig.Service(category, s.optional("name").map(ConfigNode::text).orElse(category),
                    s.required("respond").duration(), s.required("resolve").duration()));
            s.done();
        }
        ServicesConfig.Backlog backlog = new ServicesConfig.Backlog(Integer.MAX_VALUE, null);
        Optional<ConfigNode> b = f.optional("backlog");
        if (b.isPresent()) {
            ConfigNode.Fields bf = b.get().fields();
            int open = bf.optional("openPerGrid").map(ConfigNode::positiveInt).orElse(Integer.MAX_VALUE);
            ServicesConfig.Consultation consultation = null;
            Optional<ConfigNode> c = bf.optional("consultation");
            if (c.isPresent()) {
                ConfigNode.Fields cf = c.get().fields();
                ConfigNode scopeNode = cf.optional("scope").orElse(null);
                String scope = scopeNode == null ? "building" : scopeNode.text();
                if (!Set.of("building", "grid", "community").contains(scope)) {
                    throw scopeNode.error("scope '" + scope + "' is not one of building, grid, community");
                }
                consultation = new ServicesConfig.Consultation(cf.required("reports").positiveInt(),
                        cf.required("within").duration(), scope);
                cf.done();
            }
            bf.done();
            backlog = new ServicesConfig.Backlog(open, consultation);
        }
        f.done();
        return new ServicesConfig(List.copyOf(services), backlog);
    }

    static RulesConfig rules(ConfigNode root, ServicesConfig services) {
        Set<String> categories = new HashSet<>();
        services.services().forEach(s -> categories.add(s.category()));
        ConfigNode.Fields f = root.fields();
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigNode n : f.required("rules").list()) {
            Rule r = rule(n, categories);
            if (!ids.add(r.id())) {
                throw n.error("duplicate rule id '" + r.id() + "'");
            }
            rules.add(r);
        }
        f.done();
        return new RulesConfig(List.copyOf(rules));
    }

    private static Rule rule(ConfigNode n, Set<String> categories) {
        ConfigNode.Fields f = n.fields();
        String id = f.required("id").identifier();
        ConfigNode kindNode = f.required("kind");
        String kind = kindNode.text();
        ConfigNode sevNode = f.required("severity");
        Severity severity = Severity.parse(sevNode.text()).orElseThrow(() ->
                sevNode.error("severity '" + sevNode.text() + "' is not one of critical, major, minor, info"));
        ConfigNode catNode = f.required("category");
        String category = catNode.identifier();
        if (!categories.contains(category)) {
            throw catNode.error("rule '" + id + "' names category '" + category + "', which is not in services.yaml");
        }
        String deviceType = kind.equals("composite")
                ? f.optional("deviceType").map(ConfigNode::identifierOrStar).orElse("*")
                : f.required("deviceType").identifierOrStar();
        Rule rule = switch (kind) {
            case "threshold" -> threshold(f, id, deviceType, severity, category);
            case "offline" -> new RulesConfig.OfflineRule(id, deviceType, severity, category,
                    f.required("missed").positiveInt());
            case "flatline" -> new RulesConfig.FlatlineRule(id, deviceType, severity, category,
                    metric(f.required("metric")), f.required("window").duration());
            case "rate" -> new RulesConfig.RateRule(id, deviceType, severity, category, metric(f.required("metric")),
                    positive(f.required("maxChangePerMinute")));
            case "event" -> new RulesConfig.EventRule(id, deviceType, severity, category,
                    eventType(f.required("eventType")),
                    f.optional("codes").map(c -> c.list().stream().map(ConfigNode::text).toList()).orElse(List.of()),
                    f.optional("clearOn").map(ConfigParsers::eventType).orElse(null));
            case "composite" -> composite(f, id, deviceType, severity, category);
            default -> throw kindNode.error("rule kind '" + kind
                    + "' is not one of threshold, offline, flatline, rate, event, composite");
        };
        f.done();
        return rule;
    }

    private static ThresholdRule threshold(ConfigNode.Fields f, String id, String deviceType, Severity severity,
                                           String category) {
        String metric = metric(f.required("metric"));
        Optional<ConfigNode> above = f.optional("above");
        Optional<ConfigNode> below = f.optional("below");
        if (above.isPresent() == below.isPresent()) {
            throw f.error("threshold rule '" + id + "' needs exactly one of 'above' and 'below'");
        }
        ThresholdRule.Direction dir = above.isPresent() ? ThresholdRule.Direction.ABOVE : ThresholdRule.Direction.BELOW;
        double level = above.orElseGet(below::get).number();
        Optional<ConfigNode> clearNode = f.optional("clear");
        double clear = clearNode.map(ConfigNode::number).orElse(level);
        if (dir == ThresholdRule.Direction.ABOVE && clear > level) {
            throw clearNode.get().error("clear " + clear + " must not be above the threshold " + level);
        }
        if (dir == ThresholdRule.Direction.BELOW && clear < level) {
            throw clearNode.get().error("clear " + clear + " must not be below the threshold " + level);
        }
        Duration holdFor = f.optional("for").map(ConfigNode::duration).orElse(Duration.ZERO);
        return new ThresholdRule(id, deviceType, severity, category, metric, dir, level, clear, holdFor);
    }

    private static CompositeRule composite(ConfigNode.Fields f, String id, String deviceType, Severity severity,
                                           String category) {
        Duration within = f.required("within").duration();
        ConfigNode scopeNode = f.optional("scope").orElse(null);
        String scope = scopeNode == null ? "building" : scopeNode.text();
        if (!Set.of("building", "grid", "community").contains(scope)) {
            throw scopeNode.error("scope '" + scope + "' is not one of building, grid, community");
        }
        ConfigNode allNode = f.required("all");
        List<CompositeRule.Condition> all = new ArrayList<>();
        for (ConfigNode c : allNode.list()) {
            ConfigNode.Fields cf = c.fields();
            String type = cf.required("deviceType").identifierOrStar();
            EventType et = cf.optional("eventType").map(ConfigParsers::eventType).orElse(null);
            String metric = cf.optional("metric").map(ConfigParsers::metric).orElse(null);
            Double above = cf.optional("above").map(ConfigNode::number).orElse(null);
            Double below = cf.optional("below").map(ConfigNode::number).orElse(null);
            if ((et == null) == (metric == null)) {
                throw c.error("a composite condition needs exactly one of 'eventType' and 'metric'");
            }
            if (metric != null && (above == null) == (below == null)) {
                throw c.error("a metric condition needs exactly one of 'above' and 'below'");
            }
            cf.done();
            all.add(new CompositeRule.Condition(type, et, metric, above, below));
        }
        if (all.size() < 2) {
            throw allNode.error("a composite rule needs at least two conditions");
        }
        return new CompositeRule(id, deviceType, severity, category, within, scope, List.copyOf(all));
    }

    private static String metric(ConfigNode n) {
        String s = n.text();
        if (!io.finegrid.model.codec.Identifiers.isMetricName(s)) {
            throw n.error("metric '" + s + "' is not [a-z0-9_]{1,64}");
        }
        return s;
    }

    private static double positive(ConfigNode n) {
        double d = n.number();
        if (d <= 0) {
            throw n.error("must be greater than zero");
        }
        return d;
    }

    private static EventType eventType(ConfigNode n) {
        return EventType.parse(n.text()).orElseThrow(() -> n.error("event type '" + n.text()
                + "' is not one of fault, fault_cleared, alarm, alarm_cleared, door_open, door_closed, state, tamper"));
    }

    static ResponsibilitiesConfig responsibilities(ConfigNode root, CommunityConfig community,
                                                   ServicesConfig services) {
        ConfigNode.Fields f = root.fields();
        Map<String, Recipient> recipients = new LinkedHashMap<>();
        for (ConfigNode n : f.required("recipients").list()) {
            ConfigNode.Fields r = n.fields();
            String id = r.required("id").identifier();
            List<Channel> channels = new ArrayList<>();
            for (ConfigNode c : r.optional("channels").map(ConfigNode::list).orElse(List.of())) {
                channels.add(channel(c));
            }
            if (recipients.put(id, new Recipient(id, r.required("org").identifier(), List.copyOf(channels))) != null) {
                throw n.error("duplicate recipient id '" + id + "'");
            }
            r.done();
        }
        Set<String> grids = new HashSet<>();
        community.grids().forEach(g -> grids.add(g.id()));
        Set<String> categories = new HashSet<>();
        services.services().forEach(s -> categories.add(s.category()));
        List<Assignment> assignments = new ArrayList<>();
        for (ConfigNode n : f.required("assignments").list()) {
            ConfigNode.Fields a = n.fields();
            ConfigNode gridNode = a.required("grid");
            String grid = gridNode.identifierOrStar();
            if (!grid.equals("*") && !grids.contains(grid)) {
                throw gridNode.error("grid '" + grid + "' is not defined in community.yaml");
            }
            ConfigNode catNode = a.required("category");
            String category = catNode.identifierOrStar();
            if (!category.equals("*") && !categories.contains(category)) {
                throw catNode.error("category '" + category + "' is not in services.yaml");
            }
            String crew = recipient(a.required("crew"), recipients);
            List<Escalation> escalate = new ArrayList<>();
            Duration previous = Duration.ZERO;
            for (ConfigNode e : a.optional("escalate").map(ConfigNode::list).orElse(List.of())) {
                ConfigNode.Fields ef = e.fields();
                ConfigNode afterNode = ef.required("after");
                Duration after = afterNode.duration();
                if (after.compareTo(previous) <= 0) {
                    throw afterNode.error("escalation steps must come in increasing 'after' order");
                }
                previous = after;
                escalate.add(new Escalation(after, recipient(ef.required("to"), recipients)));
                ef.done();
            }
            a.done();
            assignments.add(new Assignment(grid, category, crew, List.copyOf(escalate)));
        }
        ResponsibilitiesConfig.Notify notify = f.optional("notify").map(ConfigParsers::notifySettings)
                .orElse(ResponsibilitiesConfig.Notify.DEFAULTS);
        List<ResponsibilitiesConfig.Inhibition> inhibit = new ArrayList<>();
        for (ConfigNode n : f.optional("inhibit").map(ConfigNode::list).orElse(List.of())) {
            inhibit.add(inhibition(n));
        }
        f.done();
        ResponsibilitiesConfig config = new ResponsibilitiesConfig(List.copyOf(recipients.values()),
                List.copyOf(assignments), notify, List.copyOf(inhibit));
        for (Grid g : community.grids()) {
            if (g.manager() != null && !recipients.containsKey(g.manager())) {
                throw root.error("grid '" + g.id() + "' (community.yaml) names manager '" + g.manager()
                        + "', who is not a recipient here");
            }
            for (ServicesConfig.Service s : services.services()) {
                if (config.ownerOf(g.id(), s.category()).isEmpty()) {
                    throw root.error("no assignment owns category '" + s.category() + "' in grid '" + g.id() + "'");
                }
            }
        }
        return config;
    }

    private static ResponsibilitiesConfig.Notify notifySettings(ConfigNode n) {
        ConfigNode.Fields f = n.fields();
        Duration wait = f.optional("groupWait").map(ConfigNode::duration)
                .orElse(ResponsibilitiesConfig.Notify.DEFAULTS.groupWait());
        Duration repeat = f.optional("repeatInterval").map(ConfigNode::duration)
                .orElse(ResponsibilitiesConfig.Notify.DEFAULTS.repeatInterval());
        f.done();
        return new ResponsibilitiesConfig.Notify(wait, repeat);
    }

    private static ResponsibilitiesConfig.Inhibition inhibition(ConfigNode n) {
        ConfigNode.Fields f = n.fields();
        Map<String, String> source = matchers(f.required("source"));
        Map<String, String> target = matchers(f.required("target"));
        List<String> equal = new ArrayList<>();
        for (ConfigNode e : f.optional("equal").map(ConfigNode::list).orElse(List.of())) {
            String label = e.text();
            if (!ResponsibilitiesConfig.LABELS.contains(label)) {
                throw e.error("'" + label + "' is not an alert label " + new java.util.TreeSet<>(ResponsibilitiesConfig.LABELS));
            }
            equal.add(label);
        }
        f.done();
        return new ResponsibilitiesConfig.Inhibition(source, target, List.copyOf(equal));
    }

    private static Map<String, String> matchers(ConfigNode n) {
        ConfigNode.Fields f = n.fields();
        Map<String, String> m = new LinkedHashMap<>();
        for (String label : new java.util.TreeSet<>(ResponsibilitiesConfig.LABELS)) {
            f.optional(label).ifPresent(v -> m.put(label, v.text()));
        }
        f.done(); // any other key is not a label: refused with its line
        if (m.isEmpty()) {
            throw n.error("a matcher names at least one label " + new java.util.TreeSet<>(ResponsibilitiesConfig.LABELS));
        }
        return Map.copyOf(m);
    }

    private static String recipient(ConfigNode n, Map<String, Recipient> recipients) {
        String id = n.identifier();
        if (!recipients.containsKey(id)) {
            throw n.error("recipient '" + id + "' is not defined under 'recipients'");
        }
        return id;
    }

    private static Channel channel(ConfigNode n) {
        ConfigNode.Fields c = n.fields();
        Optional<ConfigNode> webhook = c.optional("webhook");
        Optional<ConfigNode> mqtt = c.optional("mqtt");
        Optional<ConfigNode> email = c.optional("email");
        c.done();
        int count = (webhook.isPresent() ? 1 : 0) + (mqtt.isPresent() ? 1 : 0) + (email.isPresent() ? 1 : 0);
        if (count != 1) {
            throw n.error("a channel is exactly one of webhook, mqtt, email");
        }
        if (webhook.isPresent()) {
            String url = webhook.get().text();
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw webhook.get().error("webhook '" + url + "' is not an http(s) URL");
            }
            return new Channel.Webhook(url);
        }
        if (mqtt.isPresent()) {
            String topic = mqtt.get().text();
            if (topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
                throw mqtt.get().error("mqtt topic '" + topic + "' must be non-empty and without wildcards");
            }
            return new Channel.MqttPush(topic);
        }
        String address = email.get().text();
        if (!address.matches("[^@\\s]+@[^@\\s]+")) {
            throw email.get().error("'" + address + "' is not an e-mail address");
        }
        return new Channel.Email(address);
    }
}
