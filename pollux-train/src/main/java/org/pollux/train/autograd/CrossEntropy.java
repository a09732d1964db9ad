package org.pollux.train.autograd;

import org.pollux.tensor.ComputeContext;
import org.pollux.tensor.FloatOps;

/**
 * Fused softmax and cross-entropy over the vocabulary, forward and backward in one pass over the
 * logits z, which it overwrites with their gradient.
 *
 * <p>Row t: loss_t = logsumexp(z) − z[target]. The returned loss is the mean over rows whose
 * target is not {@link #IGNORE} (negative). Gradient of (gradScale · mean loss):
 * (softmax(z) − onehot(target)) · gradScale / count. When z came out of a soft-cap
 * ({@link SoftCap}, Gemma 2's final logits) the cap's derivative 1 − (z/cap)² is folded in, so
 * the result is the gradient of the raw logits. Ignored rows get a zero gradient.
 *
 * <p>Rows run in parallel; per-row losses are summed in row order afterwards (deterministic).
 */
public final class CrossEntropy {
    /** Targets below zero are ignored (padding). */
    public static final int IGNORE = -1;

    private CrossEntropy() {}

    /**
     * @param cap the soft-cap z went through (0 = none)
     * @return the mean loss over counted rows (NaN if none is counted)
     */
    public static double forwardBackward(ComputeContext ctx, float[] logits, int[] targets, int vocab, float cap,
            float gradScale) {
        int n = targets.length;
        int count = 0;
        for (int t = 0; t < n; t++) {
            if (targets[t] >= vocab) {
                throw new IllegalArgumentException("target " + targets[t] + " at index " + t
                        + " is outside the vocabulary [0, " + vocab + ")");
            }
            if (targets[t] >= 0) {
                count++;
            }
        }
        double[] rowLoss = new double[n];
        float scale = count == 0 ? 0f : gradScale / count;
        ctx.parallelFor(n, 4, (from, to) -> {
            float[] capped = cap > 0 ? new float[vocab] : null;
            for (int t = from; t < to; t++) {
                int o = t * vocab;
                int target = targets[t];
                if (target < 0) {
                    java.util.Arrays.fill(logits, o, o + vocab, 0f);
                    continue;
                }
                if (cap > 0) {
                    System.arraycopy(logits, o, capped, 0, vocab);
                }
                float zt = logits[o + target];
                float max = VectorMath.max(logits, o, vocab);
                float sum = VectorMath.expShifted(logits, o, vocab, max);
                rowLoss[t] = max + Math.log(sum) - zt;
                FloatOps.scale(logits, o, vocab, scale / sum);
                logits[o + target] -= scale;
                if (cap > 0) {
                    // SoftCap's derivative, from the capped values kept above.
                    for (int i = 0; i < vocab; i++) {
                        float c = capped[i] / cap;
                        logits[o + i] *= 1f - c * c;
                    }
                }
            }
        });
        double total = 0;
        for (int t = 0; t < n; t++) {
            total += rowLoss[t];
        }
        return count == 0 ? Double.NaN : total / count;
    }

    /** Mean loss only, for evaluation (the logits are overwritten with zeros). */
    public static double loss(ComputeContext ctx, float[] logits, int[] targets, int vocab, float cap) {
        return forwardBackward(ctx, logits, targets, vocab, cap, 0f);
    }
}
