package io.finegrid.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The four configuration files for tests and benchmarks that care about devices and rules only:
 * one service category, owned everywhere by one crew.
 */
public final class ConfigFiles {
    private ConfigFiles() {}

    /** Writes {@code dir/config/*.yaml} and returns that directory. */
    public static Path write(Path dir, String communityYaml, String rulesYaml, String category) throws IOException {
        Path c = Files.createDirectories(dir.resolve("config"));
        Files.writeString(c.resolve("community.yaml"), communityYaml);
        Files.writeString(c.resolve("rules.yaml"), rulesYaml);
        Files.writeString(c.resolve("services.yaml"),
                "services: [{category: " + category + ", respond: 30m, resolve: 4h}]\n");
        Files.writeString(c.resolve("responsibilities.yaml"),
                "recipients: [{id: crew, org: o}]\nassignments: [{grid: \"*\", category: \"*\", crew: crew}]\n");
        return c;
    }
}
