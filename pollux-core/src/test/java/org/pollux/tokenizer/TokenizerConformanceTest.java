package org.pollux.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pollux.SharedFixtures;

/** Every tokenizer family against llama.cpp's vectors (no BOS, no special parsing). */
class TokenizerConformanceTest {

    static void assertAllVectors(Tokenizer tok, Path inp, Path out) throws Exception {
        TokenizerVectors v = TokenizerVectors.read(inp, out);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < v.texts().size(); i++) {
            int[] got = tok.encode(v.texts().get(i), false, false);
            if (!Arrays.equals(got, v.ids().get(i))) {
                failures.add("#" + i + " " + Arrays.toString(v.texts().get(i).codePoints().limit(40).toArray())
                        + "\n   expected " + Arrays.toString(v.ids().get(i)) + "\n   got      " + Arrays.toString(got));
            }
        }
        assertThat(failures).as("%d of %d vectors differ", failures.size(), v.texts().size()).isEmpty();
    }

    @Test
    void gemma3FromTokenizerJson() throws Exception {
        Path dir = SharedFixtures.fixture("tokenizer/gemma3");
        assertAllVectors(SharedTokenizers.gemma3(), dir.resolve("vectors.inp"), dir.resolve("vectors.out"));
    }

    @Test
    void llamaSpmFromVocabGguf() throws Exception {
        Path dir = SharedFixtures.fixture("tokenizer/llama-spm");
        assertAllVectors(SharedTokenizers.llamaSpmGguf(), dir.resolve("ggml-vocab-llama-spm.gguf.inp"),
                dir.resolve("ggml-vocab-llama-spm.gguf.out"));
    }

    @Test
    void llamaSpmFromSentencePieceModel() throws Exception {
        Path dir = SharedFixtures.fixture("tokenizer/llama-spm");
        assertAllVectors(Tokenizers.load(dir.resolve("llama2-tokenizer.model")),
                dir.resolve("ggml-vocab-llama-spm.gguf.inp"), dir.resolve("ggml-vocab-llama-spm.gguf.out"));
    }

    @Test
    void gpt2FromVocabGguf() throws Exception {
        Path dir = SharedFixtures.fixture("tokenizer/gpt-2");
        assertAllVectors(Tokenizers.load(dir.resolve("ggml-vocab-gpt-2.gguf")), dir.resolve("ggml-vocab-gpt-2.gguf.inp"),
                dir.resolve("ggml-vocab-gpt-2.gguf.out"));
    }
}
