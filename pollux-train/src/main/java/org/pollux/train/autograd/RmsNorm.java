package org.pollux.train.autograd;

import org.pollux.tensor.ComputeContext;

/**
 * RMSNorm over rows of {@code width}: y = x · r · w with r = 1/√(mean(x²) + eps), per row.
 *
 * <p>The weight is the multiplier itself, as llama.cpp's Gemma GGUFs store it (the checkpoint's
 * 1 + w): the trainer keeps and exports exactly what the engine multiplies by.
 *
 * <p>Backward: dx_j = r·w_j·dy_j − x_j·r³/width · Σ_i dy_i·w_i·x_i; dw_i += Σ_rows dy_i·x_i·r.
 * The weight gradient sums over rows, so threads split columns and each sums rows in order.
 */
public final class RmsNorm {
    private RmsNorm() {}

    /** out = norm(x) ⊙ w over {@code rows} rows; rstd[row] receives r. {@code out} may be {@code x}. */
    public static void forward(ComputeContext ctx, float[] x, float[] w, float[] out, float[] rstd, int rows,
            int width, float eps) {
        ctx.parallelFor(rows, 16, (from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r * width;
                double ss = VectorMath.dot(x, o, x, o, width);
                float inv = (float) (1.0 / Math.sqrt(ss / width + eps));
                rstd[r] = inv;
                for (int i = 0; i < width; i++) {
                    out[o + i] = x[o + i] * inv * w[i];
                }
            }
        });
    }

    /** dx (overwritten; may alias dy) and dw (accumulated) from dy, the input x and the saved rstd. */
    public static void backward(ComputeContext ctx, float[] dy, float[] x, float[] w, float[] rstd, float[] dx,
            float[] dw, int rows, int width) {
        ctx.parallelFor(width, 8, (c0, c1) -> {
            for (int r = 0; r < rows; r++) {
                int o = r * width;
                float inv = rstd[r];
                for (int i = c0; i < c1; i++) {
                    dw[i] += dy[o + i] * x[o + i] * inv;
                }
            }
        });
        ctx.parallelFor(rows, 16, (from, to) -> {
            for (int r = from; r < to; r++) {
                int o = r * width;
                float inv = rstd[r];
                double dot = 0;
                for (int i = 0; i < width; i++) {
                    dot += (double) dy[o + i] * w[i] * x[o + i];
                }
                float k = (float) (dot * inv * inv * inv / width);
                for (int i = 0; i < width; i++) {
                    dx[o + i] = inv * w[i] * dy[o + i] - x[o + i] * k;
                }
            }
        });
    }
}
