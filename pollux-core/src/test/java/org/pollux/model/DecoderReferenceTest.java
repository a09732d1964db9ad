package org.pollux.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.pollux.tensor.ComputeContext;

/** Every preset at tiny size, random weights: the decoder against the float64 reference. */
class DecoderReferenceTest {

    static Stream<String> presets() {
        return Presets.names().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void matchesFloat64Reference(String preset) {
        ModelConfig c = Presets.tiny(preset);
        // Longer than the sliding window, so local layers mask.
        int n = 2 * Math.max(8, c.slidingWindow()) + 3;
        int[] tokens = new SplittableRandom(3).ints(n, 0, c.vocabSize()).toArray();
        try (Arena arena = Arena.ofShared(); ComputeContext ctx = ComputeContext.of(2)) {
            RandomWeights rw = new RandomWeights(c, 42, arena);
            Decoder dec = new Decoder(c, ModelWeights.bind(c, rw.tensors::get, "memory"), ctx, null);
            dec.setExactGelu(true);
            double[][] ref = new ReferenceForward(c, rw.doubles).logits(tokens);
            // Batched prefill of half, then one token at a time: both paths against the reference.
            KvCache cache = dec.newCache(n);
            int half = n / 2;
            float[] first = dec.forward(cache, tokens, 0, half, true);
            for (int t = 0; t < half; t++) {
                assertClose(first, t * c.vocabSize(), ref[t], preset + " batched position " + t);
            }
            for (int t = half; t < n; t++) {
                float[] one = dec.forward(cache, tokens, t, 1, false);
                assertClose(one, 0, ref[t], preset + " decode position " + t);
            }
        }
    }

    /** Worst absolute logit error relative to the largest reference logit is below 1e-4. */
    static void assertClose(float[] got, int off, double[] want, String what) {
        double max = 0;
        for (double v : want) {
            max = Math.max(max, Math.abs(v));
        }
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs(got[off + i] - want[i]));
        }
        assertThat(worst / max).as(what + " (max |logit| " + max + ")").isLessThan(1e-4);
    }
}
