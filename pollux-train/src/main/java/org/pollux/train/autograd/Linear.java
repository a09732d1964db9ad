package org.pollux.train.autograd;

import org.pollux.tensor.ComputeContext;
import org.pollux.train.autograd.Gemm.Operand;

/**
 * A bias-free linear layer with the engine's weight layout: W is [out][in] row-major (ggml shape
 * [in, out]), y = x·Wᵀ for n rows of x.
 *
 * <p>Backward: dx = dy·W (n×out · out×in), dW += dyᵀ·x (out×n · n×in, summed over the n rows in
 * their order). Both go through {@link Gemm}, so they are deterministic for any thread count.
 */
public final class Linear {
    private Linear() {}

    /** y[n][out] = x[n][in] · W[out][in]ᵀ. */
    public static void forward(ComputeContext ctx, float[] x, float[] w, float[] y, int n, int in, int out) {
        Gemm.multiply(ctx, n, out, in, Operand.rows(x, 0, in), Operand.transposed(w, 0, in), y, 0, out, false);
    }

    /**
     * dx (= or +=, per {@code accumulateDx}) dy·W, and dW += dyᵀ·x. {@code dx} may be null when the
     * input needs no gradient.
     */
    public static void backward(ComputeContext ctx, float[] dy, float[] x, float[] w, float[] dx, float[] dw, int n,
            int in, int out, boolean accumulateDx) {
        if (dx != null) {
            Gemm.multiply(ctx, n, in, out, Operand.rows(dy, 0, out), Operand.rows(w, 0, in), dx, 0, in, accumulateDx);
        }
        Gemm.multiply(ctx, out, in, n, Operand.transposed(dy, 0, out), Operand.rows(x, 0, in), dw, 0, in, true);
    }
}
