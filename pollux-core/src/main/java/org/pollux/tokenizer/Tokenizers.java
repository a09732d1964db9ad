package org.pollux.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pollux.gguf.GgufFile;
import org.pollux.gguf.GgufMetadata;

/** Entry points for loading a tokenizer from GGUF metadata or from a file of any supported kind. */
public final class Tokenizers {
    private static final byte[] GGUF_MAGIC = {'G', 'G', 'U', 'F'};

    private Tokenizers() {}

    /**
     * The tokenizer described by llama.cpp's {@code tokenizer.ggml.*} keys ({@code model} "llama"
     * or "gpt2").
     *
     * @throws TokenizerException for a missing or malformed key, or an unsupported model
     */
    public static Tokenizer fromGguf(GgufMetadata metadata) {
        return GgufTokenizerReader.read(metadata);
    }

    /**
     * Loads a tokenizer, choosing the reader by content: a GGUF file (magic {@code GGUF}), a
     * Hugging Face {@code tokenizer.json} (starts with '{'), a llama2.c tokenizer (name ends in
     * {@code .bin}; that format has no magic), else a SentencePiece {@code .model} protobuf.
     */
    public static Tokenizer load(Path file) {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new TokenizerException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
        if (n == 4 && java.util.Arrays.equals(head, GGUF_MAGIC)) {
            try (GgufFile gguf = GgufFile.open(file)) {
                return fromGguf(gguf.metadata());
            }
        }
        if (startsLikeJson(head, n)) {
            return HfTokenizerJsonReader.read(file);
        }
        if (file.getFileName().toString().endsWith(".bin")) {
            return Llama2cTokenizer.read(file);
        }
        return SentencePieceModelReader.read(file);
    }

    private static boolean startsLikeJson(byte[] head, int n) {
        for (int i = 0; i < n; i++) {
            if (head[i] == '{') {
                return true;
            }
            if (!Character.isWhitespace(head[i])) {
                return false;
            }
        }
        return false;
    }
}
