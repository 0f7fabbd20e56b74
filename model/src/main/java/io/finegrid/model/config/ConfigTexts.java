package io.finegrid.model.config;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The four configuration files as text: serializable, so operators carry them in the job graph
 * and parse them once in {@code open()} (the parsed records are not Serializable, on purpose).
 */
public record ConfigTexts(String community, String rules, String services, String responsibilities)
        implements Serializable {

    public static ConfigTexts read(Path dir) {
        try {
            ConfigTexts t = new ConfigTexts(Files.readString(dir.resolve(FineGridConfig.COMMUNITY_FILE)),
                    Files.readString(dir.resolve(FineGridConfig.RULES_FILE)),
                    Files.readString(dir.resolve(FineGridConfig.SERVICES_FILE)),
                    Files.readString(dir.resolve(FineGridConfig.RESPONSIBILITIES_FILE)));
            t.parse(); // fail at submission, not on a TaskManager
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration in " + dir, e);
        }
    }

    public FineGridConfig parse() {
        return FineGridConfig.parse(community, rules, services, responsibilities);
    }
}
