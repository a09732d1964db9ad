package org.pollux;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates {@code ../shared/} (fixtures and data) for tests; fails loudly if it is missing. */
public final class SharedFixtures {
    private SharedFixtures() {}

    public static Path root() {
        String prop = System.getProperty("pollux.shared");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("shared fixtures not found at " + p.toAbsolutePath()
                    + " (set -Dpollux.shared=DIR)");
        }
        return p.toAbsolutePath().normalize();
    }

    public static Path fixture(String relative) {
        Path p = root().resolve("fixtures").resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing fixture " + p);
        }
        return p;
    }
}
