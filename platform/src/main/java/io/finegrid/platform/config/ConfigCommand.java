package io.finegrid.platform.config;

import io.finegrid.model.config.ConfigTexts;
import io.finegrid.model.config.ConfigDocument;
import io.finegrid.model.config.ConfigException;
import io.finegrid.model.config.FineGridConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code finegrid config publish} and {@code finegrid config show}: change the running system's
 * configuration through {@code fg.config}. What is published is first merged with what is there
 * and checked as a whole, so a file that would break the configuration never leaves the machine.
 */
public final class ConfigCommand {
    static final String USAGE = """
            usage: finegrid config publish [--config DIR] [--community F] [--rules F] [--services F]
                                           [--responsibilities F] [--id COMMUNITY]
                   finegrid config show --id COMMUNITY [--kind rules]
            Kafka from FG_KAFKA_BOOTSTRAP (default 127.0.0.1:9092).""";

    private ConfigCommand() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = System.getenv().getOrDefault("FG_KAFKA_BOOTSTRAP", "127.0.0.1:9092");
        System.exit(run(args, bootstrap, System.out, System.err));
    }

    /** Runs the command; returns the exit status (0 done, 1 refused, 2 usage). */
    public static int run(String[] args, String bootstrap, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0 || !(args[0].equals("publish") || args[0].equals("show"))) {
            err.println(USAGE);
            return 2;
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                err.println("unexpected argument '" + args[i] + "'\n" + USAGE);
                return 2;
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        try {
            return args[0].equals("show") ? show(opts, bootstrap, out, err) : publish(opts, bootstrap, out, err);
        } catch (ConfigException e) {
            err.println("configuration error: " + e.getMessage() + "\nnothing was published");
            return 1;
        } catch (IOException e) {
            err.println("cannot read " + e.getMessage());
            return 1;
        }
    }

    private static int show(Map<String, String> opts, String bootstrap, PrintStream out, PrintStream err) {
        String id = opts.get("id");
        if (id == null) {
            err.println(USAGE);
            return 2;
        }
        Map<String, ConfigDocument> latest = ConfigTopic.latest(bootstrap, id);
        for (String kind : ConfigTopic.KINDS) {
            ConfigDocument d = latest.get(kind);
            if (d != null && (!opts.containsKey("kind") || opts.get("kind").equals(kind))) {
                out.printf("# %s/%s (published %s)%n%s%n", kind, id, java.time.Instant.ofEpochMilli(d.ts()), d.yaml());
            }
        }
        return latest.isEmpty() ? 1 : 0;
    }

    private static int publish(Map<String, String> opts, String bootstrap, PrintStream out, PrintStream err)
            throws IOException, Exception {
        Map<String, String> given = new HashMap<>();
        if (opts.containsKey("config")) {
            Path dir = Path.of(opts.get("config"));
            for (String kind : ConfigTopic.KINDS) {
                given.put(kind, Files.readString(dir.resolve(kind + ".yaml")));
            }
        }
        for (String kind : ConfigTopic.KINDS) {
            if (opts.containsKey(kind)) {
                given.put(kind, Files.readString(Path.of(opts.get(kind))));
            }
        }
        if (given.isEmpty()) {
            err.println(USAGE);
            return 2;
        }
        String id = opts.containsKey("id") ? opts.get("id")
                : given.containsKey("community") ? FineGridConfig.parseCommunity(given.get("community")).community() : null;
        if (id == null) {
            err.println("which community? give --id COMMUNITY (or its community.yaml)");
            return 2;
        }
        Map<String, ConfigDocument> latest = ConfigTopic.latest(bootstrap, id);
        ConfigTexts current = latest.keySet().containsAll(ConfigTopic.KINDS) ? new ConfigTexts(
                latest.get("community").yaml(), latest.get("rules").yaml(), latest.get("services").yaml(),
                latest.get("responsibilities").yaml()) : null;
        for (String kind : ConfigTopic.KINDS) {
            if (!given.containsKey(kind)) {
                if (current == null) {
                    err.println("fg.config has no complete configuration for '" + id + "' yet: give --config DIR");
                    return 1;
                }
                given.put(kind, latest.get(kind).yaml());
            }
        }
        ConfigTexts next = new ConfigTexts(given.get("community"), given.get("rules"), given.get("services"),
                given.get("responsibilities"));
        String named = next.parse().community().community(); // the whole checked, with file:line on error
        if (!named.equals(id)) {
            err.println("community.yaml names '" + named + "', not '" + id + "'\nnothing was published");
            return 1;
        }
        List<ConfigDocument> changes = ConfigTopic.changes(id, current, next, System.currentTimeMillis());
        if (changes.isEmpty()) {
            out.println("nothing changed for '" + id + "'");
            return 0;
        }
        ConfigTopic.publish(bootstrap, changes);
        for (ConfigDocument d : changes) {
            out.println("published " + d.key() + "; the running job applies it from the next event");
        }
        return 0;
    }
}
