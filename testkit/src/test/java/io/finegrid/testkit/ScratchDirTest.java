package io.finegrid.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchDirTest {
    @Test
    void closingDeletesTheDirectoryAndEverythingInIt() throws Exception {
        Path root;
        try (ScratchDir dir = ScratchDir.create("fg-scratch-test")) {
            root = dir.path();
            Path nested = Files.createDirectories(dir.resolve("kafka/fg.telemetry-0"));
            Files.writeString(nested.resolve("00000000.log"), "x".repeat(10_000));
            Files.writeString(dir.resolve("config.yaml"), "community: c\n");
            assertTrue(Files.isRegularFile(nested.resolve("00000000.log")));
        }
        assertFalse(Files.exists(root), "left behind: " + root);
    }

    @Test
    void closingTwiceOrAfterTheDirectoryIsGoneIsHarmless() throws Exception {
        ScratchDir dir = ScratchDir.create("fg-scratch-test");
        Files.delete(dir.path());
        dir.close();
        dir.close();
        assertFalse(Files.exists(dir.path()));
    }
}
