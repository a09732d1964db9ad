package org.pollux.train.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * One training data source.
 *
 * @param path a text file, a zip of text files, a directory of text files, or a JSONL file
 * @param format how to read it (see {@link Format#infer} for the default by file name)
 * @param field the JSONL string field holding a document's text
 * @param delimiter what separates documents inside a text file or zip entry; empty: the whole
 *     file (entry) is one document
 * @param weight relative share of training sequences drawn from this source (&gt; 0)
 * @param include a glob over zip entry names or paths inside a directory ({@code genesis/english-*.txt});
 *     empty: every file
 * @param install how to get the source when it is missing (a recipe's {@code apt-get install fortunes}),
 *     added to the "not found" error; empty: nothing to add
 */
public record SourceSpec(Path path, Format format, String field, String delimiter, double weight, String include,
        String install) {
    /** Documents of plain text are paragraphs unless a recipe says otherwise. */
    public static final String DEFAULT_DELIMITER = "\n\n";

    /** How a source file is read. */
    public enum Format {
        TEXT, ZIP, JSONL, DIRECTORY;

        /**
         * A directory → DIRECTORY; by extension: {@code .zip} → ZIP, {@code .jsonl}/{@code .ndjson} →
         * JSONL, anything else TEXT.
         */
        public static Format infer(Path p) {
            if (java.nio.file.Files.isDirectory(p)) {
                return DIRECTORY;
            }
            String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".zip")) {
                return ZIP;
            }
            return n.endsWith(".jsonl") || n.endsWith(".ndjson") ? JSONL : TEXT;
        }
    }

    public SourceSpec {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(delimiter, "delimiter");
        Objects.requireNonNull(include, "include");
        Objects.requireNonNull(install, "install");
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("source " + path + ": weight must be finite and > 0, got " + weight);
        }
    }

    /** A source with the defaults: format by extension, field "text", paragraphs, weight 1, every file. */
    public static SourceSpec of(Path path) {
        return new SourceSpec(path, Format.infer(path), "text", DEFAULT_DELIMITER, 1.0, "", "");
    }

    /** This source with another weight. */
    public SourceSpec withWeight(double w) {
        return new SourceSpec(path, format, field, delimiter, w, include, install);
    }

    /** This source reading only the zip entries or directory files that match {@code glob}. */
    public SourceSpec withInclude(String glob) {
        return new SourceSpec(path, format, field, delimiter, weight, glob, install);
    }

    /** The error text for a missing source: the path, and how to install it when the recipe says. */
    public String notFound() {
        return path + ": file not found" + (install.isEmpty() ? "" : " (install it with: " + install + ")");
    }
}
