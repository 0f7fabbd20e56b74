package io.finegrid.model.config;

import io.finegrid.model.codec.Identifiers;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A YAML node that remembers its file and line, so every configuration error can say where it is.
 * Mappings are read through {@link Fields}, which rejects keys nobody asked for.
 */
public final class ConfigNode {
    private final String file;
    private final Node node;

    private ConfigNode(String file, Node node) {
        this.file = file;
        this.node = node;
    }

    /**
     * The most characters one configuration file may hold. SnakeYAML's default of 3 MiB refused
     * the {@code community.yaml} of about 45,000 devices; this is room for a million devices, and
     * still a bound on what a malformed or hostile document can make the parser hold.
     */
    public static final int MAX_CHARS = 64 * 1024 * 1024;

    public static ConfigNode parse(String file, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_CHARS);
        try {
            Node root = new Yaml(options).compose(new StringReader(text));
            if (root == null) {
                throw new ConfigException(file, 1, "file is empty");
            }
            return new ConfigNode(file, root);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 1 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(file, line, "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) { // e.g. over MAX_CHARS: not tied to a line
            throw new ConfigException(file, 1, "cannot be read: " + e.getMessage());
        }
    }

    public int line() {
        return node.getStartMark().getLine() + 1;
    }

    public String file() {
        return file;
    }

    public ConfigException error(String reason) {
        return new ConfigException(file, line(), reason);
    }

    public Fields fields() {
        if (!(node instanceof MappingNode m)) {
            throw error("expected a mapping");
        }
        Map<String, ConfigNode> byKey = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            ConfigNode key = new ConfigNode(file, t.getKeyNode());
            String k = key.text();
            if (byKey.put(k, new ConfigNode(file, t.getValueNode())) != null) {
                throw key.error("duplicate key '" + k + "'");
            }
        }
        return new Fields(this, byKey);
    }

    public List<ConfigNode> list() {
        if (!(node instanceof SequenceNode s)) {
            throw error("expected a list");
        }
        List<ConfigNode> out = new ArrayList<>();
        for (Node n : s.getValue()) {
            out.add(new ConfigNode(file, n));
        }
        return out;
    }

    public String text() {
        if (!(node instanceof ScalarNode s)) {
            throw error("expected a scalar value");
        }
        return s.getValue();
    }

    public String identifier() {
        String s = text();
        if (!Identifiers.isIdentifier(s)) {
            throw error("'" + s + "' is not an identifier (1-64 chars of [A-Za-z0-9_.-])");
        }
        return s;
    }

    /** An identifier or the wildcard {@code "*"}. */
    public String identifierOrStar() {
        return "*".equals(text()) ? "*" : identifier();
    }

    public double number() {
        String s = text();
        try {
            double d = Double.parseDouble(s);
            if (!Double.isFinite(d)) {
                throw error("'" + s + "' is not a finite number");
            }
            return d;
        } catch (NumberFormatException e) {
            throw error("'" + s + "' is not a number");
        }
    }

    public int positiveInt() {
        String s = text();
        try {
            int i = Integer.parseInt(s);
            if (i <= 0) {
                throw error("'" + s + "' must be a positive integer");
            }
            return i;
        } catch (NumberFormatException e) {
            throw error("'" + s + "' is not an integer");
        }
    }

    public int nonNegativeInt() {
        String s = text();
        try {
            int i = Integer.parseInt(s);
            if (i < 0) {
                throw error("'" + s + "' must not be negative");
            }
            return i;
        } catch (NumberFormatException e) {
            throw error("'" + s + "' is not an integer");
        }
    }

    public Duration duration() {
        String s = text();
        Duration d = Durations.parse(s).orElseThrow(() -> error("'" + s + "' is not a duration (500ms, 30s, 15m, 4h, 2d)"));
        if (d.isZero()) {
            throw error("duration must be greater than zero");
        }
        return d;
    }

    /** The keys of one mapping; {@link #done()} rejects every key that was not read. */
    public static final class Fields {
        private final ConfigNode owner;
        private final Map<String, ConfigNode> byKey;
        private final java.util.Set<String> read = new java.util.HashSet<>();

        Fields(ConfigNode owner, Map<String, ConfigNode> byKey) {
            this.owner = owner;
            this.byKey = byKey;
        }

        public ConfigNode required(String key) {
            read.add(key);
            ConfigNode n = byKey.get(key);
            if (n == null) {
                throw owner.error("missing required key '" + key + "'");
            }
            return n;
        }

        public java.util.Optional<ConfigNode> optional(String key) {
            read.add(key);
            return java.util.Optional.ofNullable(byKey.get(key));
        }

        ConfigException error(String reason) {
            return owner.error(reason);
        }

        int line() {
            return owner.line();
        }

        public void done() {
            for (Map.Entry<String, ConfigNode> e : byKey.entrySet()) {
                if (!read.contains(e.getKey())) {
                    throw e.getValue().error("unknown key '" + e.getKey() + "'");
                }
            }
        }
    }
}
