package org.pollux.tokenizer;

import org.pollux.SharedFixtures;

/** Tokenizers that are slow to load, loaded once per test JVM. */
final class SharedTokenizers {
    private static Tokenizer gemma3;
    private static Tokenizer llamaSpm;

    private SharedTokenizers() {}

    static synchronized Tokenizer gemma3() {
        if (gemma3 == null) {
            gemma3 = Tokenizers.load(SharedFixtures.fixture("tokenizer/gemma3/tokenizer.json"));
        }
        return gemma3;
    }

    static synchronized Tokenizer llamaSpmGguf() {
        if (llamaSpm == null) {
            llamaSpm = Tokenizers.load(SharedFixtures.fixture("tokenizer/llama-spm/ggml-vocab-llama-spm.gguf"));
        }
        return llamaSpm;
    }
}
