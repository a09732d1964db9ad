package org.pollux.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.pollux.tensor.DType;
import org.pollux.tensor.Tensor;

/** Random F32 weights for a config, as tensors (for the decoder) and doubles (for the reference). */
final class RandomWeights {
    final Map<String, Tensor> tensors = new LinkedHashMap<>();
    final Map<String, double[]> doubles = new LinkedHashMap<>();

    RandomWeights(ModelConfig c, long seed, Arena arena) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (Map.Entry<String, long[]> e : TensorNames.expectedShapes(c).entrySet()) {
            long[] shape = e.getValue();
            int n = Math.toIntExact(Tensor.elementCountOf(shape));
            boolean norm = TensorNames.isNorm(e.getKey());
            // Norms near 1 (as stored with the +1), matrices scaled by 1/sqrt(fan-in) to keep activations O(1).
            double scale = norm ? 0.2 : 1.0 / Math.sqrt(shape[0]);
            if (e.getKey().equals(TensorNames.TOKEN_EMBD)) {
                scale = 1.0 / Math.sqrt(c.dModel()) * (c.embeddingScale() == 1f ? 1 : 1.0 / c.embeddingScale()) * 4;
            }
            MemorySegment seg = arena.allocate(4L * n, 64);
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                float v = (float) ((norm ? 1.0 : 0.0) + (rnd.nextDouble() * 2 - 1) * scale);
                seg.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, v);
                d[i] = v;
            }
            tensors.put(e.getKey(), new Tensor(e.getKey(), DType.F32, shape, seg));
            doubles.put(e.getKey(), d);
        }
    }

    /** Adds the optional Llama 3 RoPE frequency factors ({@link TensorNames#ROPE_FREQS}). */
    RandomWeights withRopeFreqs(float[] factors, Arena arena) {
        MemorySegment seg = arena.allocate(4L * factors.length, 64);
        double[] d = new double[factors.length];
        for (int i = 0; i < factors.length; i++) {
            seg.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, factors[i]);
            d[i] = factors[i];
        }
        tensors.put(TensorNames.ROPE_FREQS, new Tensor(TensorNames.ROPE_FREQS, DType.F32,
                new long[] {factors.length}, seg));
        doubles.put(TensorNames.ROPE_FREQS, d);
        return this;
    }
}
