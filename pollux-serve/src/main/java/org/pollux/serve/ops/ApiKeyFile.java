package org.pollux.serve.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A file of API keys: one key per line; blank lines and lines starting with {@code #} are
 * skipped, and surrounding whitespace is trimmed. A file without a single key is an error rather
 * than "no keys", which would silently serve without authentication.
 */
public final class ApiKeyFile {
    private ApiKeyFile() {}

    /** The keys of {@code file}, in file order without duplicates. */
    public static Set<String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("API keys file " + file + " does not exist");
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("API keys file " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read API keys file " + file + ": " + e.getMessage(), e);
        }
        return parse(file.toString(), lines);
    }

    /** The keys of the lines of a file named {@code source} (for messages). */
    static Set<String> parse(String source, List<String> lines) {
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                throw new IllegalArgumentException(source + " line " + (i + 1)
                        + ": an API key must not contain spaces or control characters (one key per line; "
                        + "comments start the line with #)");
            }
            keys.add(line);
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("API keys file " + source + " has no keys (one key per line, # comments)");
        }
        return keys;
    }
}
