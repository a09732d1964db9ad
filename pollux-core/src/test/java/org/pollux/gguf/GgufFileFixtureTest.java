package org.pollux.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pollux.SharedFixtures;
import org.pollux.tensor.DType;
import org.pollux.tensor.Tensor;

class GgufFileFixtureTest {
    @Test
    void readsTinyGemma3Fixture() {
        try (GgufFile f = GgufFile.open(SharedFixtures.fixture("gguf/tiny-gemma3-f32.gguf"))) {
            assertThat(f.metadata().getString("general.architecture")).isEqualTo("gemma3");
            assertThat(f.metadata().getInt("gemma3.block_count")).isEqualTo(6);
            Tensor emb = f.tensor("token_embd.weight");
            assertThat(emb.type()).isEqualTo(DType.F32);
            assertThat(emb.shape()).containsExactly(64, 512);
        }
    }

    @Test
    void readsVocabOnlyGguf() {
        try (GgufFile f = GgufFile.open(SharedFixtures.fixture("tokenizer/llama-spm/ggml-vocab-llama-spm.gguf"))) {
            assertThat(f.metadata().getStringArray("tokenizer.ggml.tokens")).hasSize(32000);
        }
    }
}
