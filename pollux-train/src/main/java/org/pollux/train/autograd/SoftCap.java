package org.pollux.train.autograd;

/**
 * Gemma 2's soft-cap y = cap·tanh(x / cap) (attention scores, final logits), in place.
 * Backward from the output alone: dy/dx = 1 − tanh² = 1 − (y / cap)².
 * tanh in double, exactly as the engine computes it ({@code FloatOps.softcap}).
 */
public final class SoftCap {
    private SoftCap() {}

    public static void forward(float[] a, int off, int n, float cap) {
        for (int i = off; i < off + n; i++) {
            a[i] = (float) (cap * Math.tanh(a[i] / cap));
        }
    }

    /** grad[i] *= 1 − (y[i]/cap)², y the forward's output. */
    public static void backward(float[] y, float[] grad, int off, int n, float cap) {
        for (int i = off; i < off + n; i++) {
            float t = y[i] / cap;
            grad[i] *= 1f - t * t;
        }
    }
}
