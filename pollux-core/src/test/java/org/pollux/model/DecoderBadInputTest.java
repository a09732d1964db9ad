package org.pollux.model;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pollux.tensor.ComputeContext;
import org.pollux.tensor.DType;
import org.pollux.tensor.Tensor;

class DecoderBadInputTest {
    private final ModelConfig c = Presets.tiny("gemma-3-1b");

    @Test
    void missingTensorIsNamedWithItsShape() {
        try (Arena arena = Arena.ofShared()) {
            Map<String, Tensor> t = new HashMap<>(new RandomWeights(c, 1, arena).tensors);
            t.remove("blk.3.attn_q.weight");
            assertThatThrownBy(() -> ModelWeights.bind(c, t::get, "model.gguf"))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessage("model.gguf: missing tensor 'blk.3.attn_q.weight' (expected shape [64, 64])");
        }
    }

    @Test
    void wrongShapeNamesBothShapes() {
        try (Arena arena = Arena.ofShared()) {
            Map<String, Tensor> t = new HashMap<>(new RandomWeights(c, 1, arena).tensors);
            t.put("blk.2.ffn_up.weight", new Tensor("blk.2.ffn_up.weight", DType.F32, new long[] {64, 64},
                    arena.allocate(64 * 64 * 4)));
            assertThatThrownBy(() -> ModelWeights.bind(c, t::get, "model.gguf"))
                    .hasMessage("model.gguf: tensor 'blk.2.ffn_up.weight' has shape [64, 64], expected [64, 128]");
        }
    }

    @Test
    void tokenOutsideVocabularyAndContextOverflowAreRejected() {
        try (Arena arena = Arena.ofShared(); ComputeContext ctx = ComputeContext.of(1)) {
            Decoder dec = new Decoder(c, ModelWeights.bind(c, new RandomWeights(c, 1, arena).tensors::get, "m"), ctx, null);
            KvCache cache = dec.newCache(4);
            assertThatThrownBy(() -> dec.forward(cache, new int[] {1, 512}, 0, 2, false))
                    .hasMessageContaining("token id 512 at index 1 is outside the vocabulary [0, 512)");
            assertThatThrownBy(() -> dec.forward(cache, new int[] {1, 2, 3, 4, 5}, 0, 5, false))
                    .hasMessageContaining("context overflow");
            assertThatThrownBy(() -> dec.newCache(10_000)).hasMessageContaining("capacity");
        }
    }
}
