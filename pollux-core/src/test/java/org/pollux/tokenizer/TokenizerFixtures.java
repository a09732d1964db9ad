package org.pollux.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pollux.SharedFixtures;

/**
 * The real tokenizers from the shared fixtures, each loaded once per test JVM (the Gemma 3
 * tokenizer.json has 262k pieces and 515k merges), and llama.cpp's tokenizer test vectors.
 */
final class TokenizerFixtures {
    private TokenizerFixtures() {}

    private static final class Gemma3 {
        static final Tokenizer INSTANCE = Tokenizers.load(SharedFixtures.fixture("tokenizer/gemma3/tokenizer.json"));
    }

    private static final class LlamaSpmGguf {
        static final Tokenizer INSTANCE = Tokenizers.load(SharedFixtures.fixture("tokenizer/llama-spm/ggml-vocab-llama-spm.gguf"));
    }

    private static final class LlamaSpmModel {
        static final Tokenizer INSTANCE = Tokenizers.load(SharedFixtures.fixture("tokenizer/llama-spm/llama2-tokenizer.model"));
    }

    private static final class Gpt2 {
        static final Tokenizer INSTANCE = Tokenizers.load(SharedFixtures.fixture("tokenizer/gpt-2/ggml-vocab-gpt-2.gguf"));
    }

    private static final class Tok512 {
        static final SentencePieceBpeTokenizer INSTANCE = Llama2cTokenizer.read(SharedFixtures.fixture("llama2c/tok512.bin"));
    }

    static Tokenizer gemma3() {
        return Gemma3.INSTANCE;
    }

    static Tokenizer llamaSpmGguf() {
        return LlamaSpmGguf.INSTANCE;
    }

    static Tokenizer llamaSpmModel() {
        return LlamaSpmModel.INSTANCE;
    }

    static Tokenizer gpt2() {
        return Gpt2.INSTANCE;
    }

    static SentencePieceBpeTokenizer tok512() {
        return Tok512.INSTANCE;
    }

    /** One test text and the ids llama.cpp produced for it (no BOS, special parsing off). */
    record Vector(int index, String text, int[] ids) {
        @Override
        public String toString() {
            return "#" + index + " " + text.replace("\n", "\\n").replace("\t", "\\t");
        }
    }

    /**
     * Reads a {@code .inp}/{@code .out} pair the way llama.cpp's test-tokenizer-0 does: texts are
     * separated by {@code "\n__ggml_vocab_test__\n"}; a file that ends with that separator has no
     * text after it; each {@code .out} line holds one text's ids.
     */
    static List<Vector> vectors(String inp, String out) {
        try {
            String in = Files.readString(SharedFixtures.fixture(inp), StandardCharsets.UTF_8);
            List<String> outLines = Files.readAllLines(SharedFixtures.fixture(out), StandardCharsets.UTF_8);
            String sep = "\n__ggml_vocab_test__\n";
            List<String> texts = new ArrayList<>();
            int from = 0;
            for (int at = in.indexOf(sep); at >= 0; at = in.indexOf(sep, from)) {
                texts.add(in.substring(from, at));
                from = at + sep.length();
            }
            if (from < in.length()) {
                texts.add(in.substring(from));
            }
            if (texts.size() != outLines.size()) {
                throw new IllegalStateException(inp + " has " + texts.size() + " texts but " + out + " has "
                        + outLines.size() + " lines");
            }
            List<Vector> vectors = new ArrayList<>();
            for (int i = 0; i < texts.size(); i++) {
                String line = outLines.get(i).strip();
                int[] ids = line.isEmpty() ? new int[0] : Arrays.stream(line.split(" +")).mapToInt(Integer::parseInt).toArray();
                vectors.add(new Vector(i, texts.get(i), ids));
            }
            return vectors;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path fixture(String relative) {
        return SharedFixtures.fixture(relative);
    }
}
