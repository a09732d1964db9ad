package org.pollux.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.gguf.GgufWriter;
import org.pollux.tensor.ComputeContext;

/**
 * Llama 3.1+ GGUFs carry RoPE frequency factors as the tensor {@code rope_freqs.weight} and no
 * metadata key: the decoder must divide each pair's frequency by its factor, on every layer.
 */
class Llama3RopeScalingTest {
    private final ModelConfig c = Presets.tiny("llama-3.2-1b");
    // Original context 256 spreads the tiny head's 4 pairs (wavelengths 6.3, 167, 4443, 1.2e5) over
    // all three parts of the rule: kept (< 64), blended (64..256), slowed by the factor (> 256).
    private final float[] factors = RopeFrequencies.llama3Factors(8, 1, 4, 256, c.ropeBase(), c.headDim());

    @TempDir
    Path tmp;

    @Test
    void factorsSpanTheWholeRuleAtThisTinySize() {
        assertThat(factors[0]).isEqualTo(1f);
        assertThat(factors[1]).isStrictlyBetween(1f, 8f);
        assertThat(factors[2]).isEqualTo(8f);
        assertThat(factors[3]).isEqualTo(8f);
    }

    @Test
    void decoderAppliesFactorsLikeTheFloat64Reference() {
        int n = 20;
        int[] tokens = new SplittableRandom(9).ints(n, 0, c.vocabSize()).toArray();
        try (Arena arena = Arena.ofShared(); ComputeContext ctx = ComputeContext.of(2)) {
            RandomWeights rw = new RandomWeights(c, 11, arena).withRopeFreqs(factors, arena);
            Decoder dec = new Decoder(c, ModelWeights.bind(c, rw.tensors::get, "memory"), ctx, null);
            double[][] ref = new ReferenceForward(c, rw.doubles).logits(tokens);
            float[] all = dec.forward(dec.newCache(n), tokens, 0, n, true);
            for (int t = 0; t < n; t++) {
                DecoderReferenceTest.assertClose(all, t * c.vocabSize(), ref[t], "position " + t);
            }
            // The factors matter: without them the last position's logits move well beyond tolerance.
            rw.doubles.remove(TensorNames.ROPE_FREQS);
            double[] unscaled = new ReferenceForward(c, rw.doubles).logits(tokens)[n - 1];
            double diff = 0;
            for (int i = 0; i < unscaled.length; i++) {
                diff = Math.max(diff, Math.abs(unscaled[i] - ref[n - 1][i]));
            }
            assertThat(diff).isGreaterThan(1e-2);
        }
    }

    @Test
    void loaderReadsFactorsFromTheFile() {
        Path file = tmp.resolve("llama3.gguf");
        int[] tokens = {1, 5, 9, 300, 42, 7, 7, 100, 3, 250, 11, 60};
        try (Arena arena = Arena.ofShared(); ComputeContext ctx = ComputeContext.of(1)) {
            RandomWeights rw = new RandomWeights(c, 3, arena).withRopeFreqs(factors, arena);
            GgufWriter w = new GgufWriter().putAll(c.toGgufMetadata());
            rw.tensors.values().forEach(w::addTensor);
            w.write(file);
            Decoder memory = new Decoder(c, ModelWeights.bind(c, rw.tensors::get, "memory"), ctx, null);
            float[] want = memory.forward(memory.newCache(tokens.length), tokens, 0, tokens.length, false);
            try (Decoder loaded = ModelLoader.load(file, ctx)) {
                assertThat(loaded.weights().ropeFreqFactors()).containsExactly(factors);
                assertThat(loaded.forward(loaded.newCache(tokens.length), tokens, 0, tokens.length, false))
                        .containsExactly(want);
            }
        }
    }

    @Test
    void badFactorTensorsAreRejectedByName() {
        try (Arena arena = Arena.ofShared()) {
            RandomWeights wrongShape = new RandomWeights(c, 1, arena).withRopeFreqs(new float[] {1, 2}, arena);
            assertThatThrownBy(() -> ModelWeights.bind(c, wrongShape.tensors::get, "m.gguf"))
                    .isInstanceOf(ModelLoadException.class)
                    .hasMessage("m.gguf: tensor 'rope_freqs.weight' has shape [2], expected [4]");
            RandomWeights zero = new RandomWeights(c, 1, arena).withRopeFreqs(new float[] {1, 0, 1, 1}, arena);
            assertThatThrownBy(() -> ModelWeights.bind(c, zero.tensors::get, "m.gguf"))
                    .hasMessage("m.gguf: tensor 'rope_freqs.weight' element 1 is 0.0; frequency factors must be "
                            + "positive and finite");
            ModelConfig g = Presets.tiny("gemma-3-1b");
            RandomWeights gemma = new RandomWeights(g, 1, arena).withRopeFreqs(new float[8], arena);
            assertThatThrownBy(() -> ModelWeights.bind(g, gemma.tensors::get, "g.gguf"))
                    .hasMessage("g.gguf: tensor 'rope_freqs.weight' is not used by architecture gemma3 (only llama)");
        }
    }
}
