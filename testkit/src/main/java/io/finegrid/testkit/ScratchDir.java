package io.finegrid.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary directory that is deleted, with everything in it, when closed: a benchmark's Kafka
 * log alone is a gigabyte, and left in /tmp after every run they filled a 250 GB disk. Close it
 * after the servers that write in it have stopped.
 */
public final class ScratchDir implements AutoCloseable {
    private final Path path;

    private ScratchDir(Path path) {
        this.path = path;
    }

    /** A new, empty directory under the system's temp directory, named {@code prefix...}. */
    public static ScratchDir create(String prefix) {
        try {
            return new ScratchDir(Files.createTempDirectory(prefix));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public Path path() {
        return path;
    }

    /** {@code name} inside this directory. */
    public Path resolve(String name) {
        return path.resolve(name);
    }

    /** Deletes the directory and its contents; what cannot be deleted is left and said on stderr. */
    @Override
    public void close() {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ex) {
                    System.err.println("could not delete " + p + ": " + ex);
                }
            });
        } catch (IOException | UncheckedIOException ex) {
            System.err.println("could not clear " + path + ": " + ex);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
