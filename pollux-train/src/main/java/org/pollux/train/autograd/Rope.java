package org.pollux.train.autograd;

import org.pollux.model.RopeFrequencies;
import org.pollux.tensor.ComputeContext;

/**
 * Rotary position embedding, NEOX (half-split) pairing as Gemma uses it: pair i of a head is
 * (x_i, x_{i+D/2}), turned by θ = p·invFreq_i. Angles come from pollux-core's
 * {@link RopeFrequencies} and cos/sin are computed as the engine does (double angle, then float),
 * so a trained model's rotations are the engine's bit for bit.
 *
 * <p>Backward is the rotation by −θ (the transpose of a rotation).
 */
public final class Rope {
    private final int half;
    private final int positions;
    private final float[] cos;
    private final float[] sin;

    /** Tables for positions [0, positions) of heads of size headDim. */
    public Rope(double base, double scale, int headDim, int positions) {
        double[] invFreq = RopeFrequencies.inverse(base, headDim, scale, null);
        this.half = headDim / 2;
        this.positions = positions;
        this.cos = new float[positions * half];
        this.sin = new float[positions * half];
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < half; i++) {
                double angle = p * invFreq[i];
                cos[p * half + i] = (float) Math.cos(angle);
                sin[p * half + i] = (float) Math.sin(angle);
            }
        }
    }

    /**
     * Rotates, in place, a[n][heads·headDim] where row r is at position r mod seqLen
     * (each batch row starts at position 0).
     */
    public void forward(ComputeContext ctx, float[] a, int n, int heads, int seqLen) {
        apply(ctx, a, n, heads, seqLen, 1f);
    }

    /** The gradient through {@link #forward}: rotates the gradient back, in place. */
    public void backward(ComputeContext ctx, float[] grad, int n, int heads, int seqLen) {
        apply(ctx, grad, n, heads, seqLen, -1f);
    }

    private void apply(ComputeContext ctx, float[] a, int n, int heads, int seqLen, float sign) {
        if (seqLen > positions) {
            throw new IllegalArgumentException("sequence length " + seqLen + " exceeds the RoPE table's " + positions);
        }
        int hd = 2 * half;
        ctx.parallelFor(n, 16, (from, to) -> {
            for (int r = from; r < to; r++) {
                int p = r % seqLen;
                for (int h = 0; h < heads; h++) {
                    int o = (r * heads + h) * hd;
                    for (int i = 0; i < half; i++) {
                        float c = cos[p * half + i];
                        float s = sign * sin[p * half + i];
                        float x0 = a[o + i];
                        float x1 = a[o + i + half];
                        a[o + i] = x0 * c - x1 * s;
                        a[o + i + half] = x1 * c + x0 * s;
                    }
                }
            }
        });
    }
}
