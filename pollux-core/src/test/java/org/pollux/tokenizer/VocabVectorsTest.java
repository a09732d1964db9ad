package org.pollux.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** llama.cpp's tokenizer test vectors, reproduced exactly by each loading path. */
class VocabVectorsTest {

    static List<TokenizerFixtures.Vector> gemma3Vectors() {
        return TokenizerFixtures.vectors("tokenizer/gemma3/vectors.inp", "tokenizer/gemma3/vectors.out");
    }

    static List<TokenizerFixtures.Vector> llamaSpmVectors() {
        return TokenizerFixtures.vectors("tokenizer/llama-spm/ggml-vocab-llama-spm.gguf.inp",
                "tokenizer/llama-spm/ggml-vocab-llama-spm.gguf.out");
    }

    static List<TokenizerFixtures.Vector> gpt2Vectors() {
        return TokenizerFixtures.vectors("tokenizer/gpt-2/ggml-vocab-gpt-2.gguf.inp", "tokenizer/gpt-2/ggml-vocab-gpt-2.gguf.out");
    }

    @ParameterizedTest
    @MethodSource("gemma3Vectors")
    void gemma3TokenizerJson(TokenizerFixtures.Vector v) {
        check(TokenizerFixtures.gemma3(), v);
    }

    @ParameterizedTest
    @MethodSource("llamaSpmVectors")
    void llamaSpmFromGguf(TokenizerFixtures.Vector v) {
        check(TokenizerFixtures.llamaSpmGguf(), v);
    }

    @ParameterizedTest
    @MethodSource("llamaSpmVectors")
    void llamaSpmFromSentencePieceModel(TokenizerFixtures.Vector v) {
        check(TokenizerFixtures.llamaSpmModel(), v);
    }

    @ParameterizedTest
    @MethodSource("gpt2Vectors")
    void gpt2FromGguf(TokenizerFixtures.Vector v) {
        check(TokenizerFixtures.gpt2(), v);
    }

    private static void check(Tokenizer t, TokenizerFixtures.Vector v) {
        assertThat(t.encode(v.text(), false, false)).as("encode %s", v).containsExactly(v.ids());
        assertThat(t.decode(v.ids())).as("decode %s", v).isEqualTo(v.text());
    }
}
