package org.pollux.train.tokenizer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pollux.gguf.GgufFile;
import org.pollux.gguf.GgufValue;
import org.pollux.gguf.GgufWriter;
import org.pollux.tokenizer.Tokenizer;
import org.pollux.tokenizer.Tokenizers;

/**
 * A tokenizer on disk as a GGUF file holding only {@code tokenizer.*} metadata (no tensors):
 * {@code pollux tokenize -t} and {@code Tokenizers.load} read it, and training reuses it on
 * resume or from another run.
 */
public final class TokenizerFiles {
    private TokenizerFiles() {}

    /** A tokenizer's metadata and the engine tokenizer built from it. */
    public record Loaded(Map<String, GgufValue> metadata, Tokenizer tokenizer, String hash) {}

    /** Writes {@code metadata} (keys starting with {@code tokenizer.}) atomically to {@code out}. */
    public static void write(Map<String, GgufValue> metadata, String name, Path out) {
        GgufWriter w = new GgufWriter();
        w.put("general.name", GgufValue.ofString(name));
        w.putAll(metadata);
        w.write(out);
    }

    /** Reads the {@code tokenizer.*} keys of any GGUF file (a model or a tokenizer-only file). */
    public static Loaded read(Path file) {
        try (GgufFile f = GgufFile.open(file)) {
            Map<String, GgufValue> md = new LinkedHashMap<>();
            f.metadata().asMap().forEach((k, v) -> {
                if (k.startsWith("tokenizer.")) {
                    md.put(k, v);
                }
            });
            Tokenizer tok = Tokenizers.fromGguf(f.metadata(), file.toString());
            return new Loaded(md, tok, TokenizerHash.of(md));
        }
    }
}
