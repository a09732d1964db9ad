package org.pollux.train.data;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * One training data source.
 *
 * @param path a text file, a zip of text files, or a JSONL file
 * @param format how to read it (see {@link Format#infer} for the default by file name)
 * @param field the JSONL string field holding a document's text
 * @param delimiter what separates documents inside a text file or zip entry; empty: the whole
 *     file (entry) is one document
 * @param weight relative share of training sequences drawn from this source (&gt; 0)
 */
public record SourceSpec(Path path, Format format, String field, String delimiter, double weight) {
    /** Documents of plain text are paragraphs unless a recipe says otherwise. */
    public static final String DEFAULT_DELIMITER = "\n\n";

    /** How a source file is read. */
    public enum Format {
        TEXT, ZIP, JSONL;

        /** By extension: {@code .zip} → ZIP, {@code .jsonl}/{@code .ndjson} → JSONL, anything else TEXT. */
        public static Format infer(Path p) {
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
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("source " + path + ": weight must be finite and > 0, got " + weight);
        }
    }

    /** A source with the defaults: format by extension, field "text", paragraphs, weight 1. */
    public static SourceSpec of(Path path) {
        return new SourceSpec(path, Format.infer(path), "text", DEFAULT_DELIMITER, 1.0);
    }
}
