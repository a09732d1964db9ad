package org.pollux.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The shared corpora tests train on (read-only, from {@code ../shared/data/corpus}). */
public final class Corpus {
    private Corpus() {}

    public static Path dir() {
        return Path.of(System.getProperty("pollux.shared", "../../shared"), "data", "corpus");
    }

    public static Path tinyStories() {
        return dir().resolve("tinystories_small2.txt");
    }

    /** TinyStories paragraphs (blank-line separated), in file order. */
    public static List<String> tinyStoriesParagraphs() {
        try {
            String all = Files.readString(tinyStories(), StandardCharsets.UTF_8);
            return Arrays.stream(all.split("\n\n")).filter(s -> !s.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
