package io.finegrid.model.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The four configuration files of one community, parsed once and cross-checked: every reference
 * resolves, every category in every grid has an owner.
 */
public record FineGridConfig(CommunityConfig community, RulesConfig rules, ServicesConfig services,
                             ResponsibilitiesConfig responsibilities) {

    public static final String COMMUNITY_FILE = "community.yaml";
    public static final String RULES_FILE = "rules.yaml";
    public static final String SERVICES_FILE = "services.yaml";
    public static final String RESPONSIBILITIES_FILE = "responsibilities.yaml";

    /** Loads {@code dir}; a problem is a {@link ConfigException} naming file, line and reason. */
    public static FineGridConfig load(Path dir) {
        return parse(read(dir, COMMUNITY_FILE), read(dir, RULES_FILE), read(dir, SERVICES_FILE),
                read(dir, RESPONSIBILITIES_FILE));
    }

    public static FineGridConfig parse(String community, String rules, String services, String responsibilities) {
        CommunityConfig c = ConfigParsers.community(ConfigNode.parse(COMMUNITY_FILE, community));
        ServicesConfig s = ConfigParsers.services(ConfigNode.parse(SERVICES_FILE, services));
        RulesConfig r = ConfigParsers.rules(ConfigNode.parse(RULES_FILE, rules), s);
        ResponsibilitiesConfig p = ConfigParsers.responsibilities(
                ConfigNode.parse(RESPONSIBILITIES_FILE, responsibilities), c, s);
        return new FineGridConfig(c, r, s, p);
    }

    /** Parses one {@code community.yaml} document alone, as it arrives on {@code fg.config}. */
    public static CommunityConfig parseCommunity(String text) {
        return ConfigParsers.community(ConfigNode.parse(COMMUNITY_FILE, text));
    }

    private static String read(Path dir, String file) {
        Path p = dir.resolve(file);
        if (!Files.isRegularFile(p)) {
            throw new ConfigException(p.toString(), 0, "file not found");
        }
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }
}
