package dev.h1.tests.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A directory of generated seed files of a fuzz target, kept exactly as its generator makes them: with
 * {@code -Dh1.fuzz.writeSeeds=true} it is written anew, and it is then checked file by file.
 */
final class SeedFiles {

    private SeedFiles() {
    }

    /** Writes {@code expected} under {@code directory} when asked to, then asserts that the files are exactly these. */
    static void assertCommitted(String directory, TreeMap<Path, byte[]> expected) throws IOException {
        Path root = Path.of(directory);
        if (Boolean.getBoolean("h1.fuzz.writeSeeds")) {
            write(root, expected);
        }
        TreeMap<Path, byte[]> committed = new TreeMap<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    committed.put(root.relativize(file), Files.readAllBytes(file));
                }
            }
        }
        assertEquals(expected.keySet(), committed.keySet(), "seed files under " + directory
                + "; rewrite them with -Dh1.fuzz.writeSeeds=true (see the seed test's Javadoc)");
        expected.forEach((file, bytes) -> assertArrayEquals(bytes, committed.get(file), file + " is stale"));
    }

    private static void write(Path root, TreeMap<Path, byte[]> seeds) throws IOException {
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        for (var seed : seeds.entrySet()) {
            Path file = root.resolve(seed.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, seed.getValue());
        }
    }
}
