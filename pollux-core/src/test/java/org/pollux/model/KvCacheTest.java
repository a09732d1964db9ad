package org.pollux.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pollux.tensor.ComputeContext;

class KvCacheTest {

    @Test
    void gemma3OneBAt32kKeepsFullLengthOnlyForGlobalLayers() {
        ModelConfig c = Presets.get("gemma-3-1b");
        long perPosition = 2L * c.kvDim() * Float.BYTES;
        long expected = 4 * 32_768 * perPosition + 22 * 512 * perPosition;
        assertThat(LayeredKvCache.bytesFor(c, 32_768)).isEqualTo(expected);
        assertThat(expected).isLessThan(300L << 20); // a full-length cache would be 26 × 64 MiB = 1.7 GB
    }

    @Test
    void allocatedCacheMatchesItsFormula() {
        ModelConfig c = Presets.tiny("gemma-3-1b");
        KvCache cache = new LayeredKvCache(c, 200);
        assertThat(cache.bytes()).isEqualTo(LayeredKvCache.bytesFor(c, 200));
    }

    @Test
    void ringGivesTheSameLogitsAsRecomputingFromScratch() {
        ModelConfig c = Presets.tiny("gemma-2-2b");
        int n = 5 * c.slidingWindow();
        int[] tokens = new SplittableRandom(9).ints(n, 0, c.vocabSize()).toArray();
        try (Arena arena = Arena.ofShared(); ComputeContext ctx = ComputeContext.of(1)) {
            Decoder dec = new Decoder(c, ModelWeights.bind(c, new RandomWeights(c, 5, arena).tensors::get, "m"), ctx, null);
            KvCache streamed = dec.newCache(n);
            float[] last = null;
            for (int t = 0; t < n; t++) {
                last = dec.forward(streamed, tokens, t, 1, false);
            }
            float[] scratch = dec.forward(dec.newCache(n), tokens, 0, n, false);
            for (int i = 0; i < last.length; i++) {
                assertThat(last[i]).isCloseTo(scratch[i], org.assertj.core.data.Offset.offset(1e-4f));
            }
        }
    }

    @Test
    void truncateRewindsAndRegeneratesIdentically() {
        ModelConfig c = Presets.tiny("llama-3.2-1b");
        int[] tokens = new SplittableRandom(1).ints(20, 0, c.vocabSize()).toArray();
        try (Arena arena = Arena.ofShared(); ComputeContext ctx = ComputeContext.of(1)) {
            Decoder dec = new Decoder(c, ModelWeights.bind(c, new RandomWeights(c, 5, arena).tensors::get, "m"), ctx, null);
            KvCache cache = dec.newCache(20);
            float[] a = dec.forward(cache, tokens, 0, 20, false);
            cache.truncate(12);
            assertThat(cache.position()).isEqualTo(12);
            float[] b = dec.forward(cache, tokens, 12, 8, false);
            assertThat(Arrays.equals(a, b)).isTrue();
        }
    }

    @Test
    void ringRefusesToRewindPastWhatItHolds() {
        ModelConfig c = Presets.tiny("gemma-3-1b");
        try (Arena arena = Arena.ofShared(); ComputeContext ctx = ComputeContext.of(1)) {
            Decoder dec = new Decoder(c, ModelWeights.bind(c, new RandomWeights(c, 5, arena).tensors::get, "m"), ctx, null);
            KvCache cache = dec.newCache(64);
            dec.forward(cache, new SplittableRandom(2).ints(40, 0, c.vocabSize()).toArray(), 0, 40, false);
            assertThatThrownBy(() -> cache.truncate(10)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("sliding-window");
        }
    }
}
