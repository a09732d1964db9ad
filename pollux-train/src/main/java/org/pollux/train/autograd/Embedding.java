package org.pollux.train.autograd;

import org.pollux.tensor.ComputeContext;

/**
 * Token embedding lookup with Gemma's scale: out[t] = table[token[t]] · scale (table [vocab][d]).
 *
 * <p>Backward scatters: dTable[token[t]] += dOut[t] · scale. Repeated tokens add into the same
 * row, so threads split the d columns (never the tokens) and each column sums over t in order:
 * deterministic for any thread count.
 */
public final class Embedding {
    private Embedding() {}

    public static void forward(ComputeContext ctx, int[] tokens, float[] table, int vocab, int d, float scale,
            float[] out) {
        for (int t = 0; t < tokens.length; t++) {
            int id = tokens[t];
            if (id < 0 || id >= vocab) {
                throw new IllegalArgumentException("token id " + id + " at index " + t
                        + " is outside the vocabulary [0, " + vocab + ")");
            }
        }
        ctx.parallelFor(tokens.length, 64, (from, to) -> {
            for (int t = from; t < to; t++) {
                int src = tokens[t] * d;
                for (int i = 0; i < d; i++) {
                    out[t * d + i] = table[src + i] * scale;
                }
            }
        });
    }

    public static void backward(ComputeContext ctx, int[] tokens, float[] dOut, int d, float scale, float[] dTable) {
        ctx.parallelFor(d, 8, (c0, c1) -> {
            for (int t = 0; t < tokens.length; t++) {
                int dst = tokens[t] * d;
                for (int i = c0; i < c1; i++) {
                    dTable[dst + i] += dOut[t * d + i] * scale;
                }
            }
        });
    }
}
