package io.finegrid.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the Debian-packaged servers; a missing one names the package that provides it. */
final class Binaries {
    private Binaries() {}

    static String find(String name, String... candidates) {
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException(name + " is not installed: `./finegrid test` installs it"
                + " (apt-get install " + (name.equals("influxd") ? "influxdb" : name) + ")");
    }
}
