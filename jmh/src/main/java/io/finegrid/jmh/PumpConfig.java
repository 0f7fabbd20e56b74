package io.finegrid.jmh;

import io.finegrid.model.config.ConfigTexts;
import io.finegrid.platform.bench.PumpTrace;
import io.finegrid.testkit.ScratchDir;

/** The configuration of a pump community, read as a deployment reads it (from files, validated). */
public final class PumpConfig {
    private PumpConfig() {}

    public static ConfigTexts of(PumpTrace pumps) throws Exception {
        try (ScratchDir scratch = ScratchDir.create("fg-jmh-config")) {
            return ConfigTexts.read(pumps.writeConfig(scratch.path(), null));
        }
    }
}
