package org.pollux.train.autograd;

import java.util.Arrays;
import org.pollux.tensor.ComputeContext;
import org.pollux.tensor.FloatOps;
import org.pollux.train.autograd.Gemm.Operand;

/**
 * Causal multi-head attention with grouped key/value heads (MQA/GQA), an optional sliding window
 * and an optional score soft-cap, over a batch of independent sequences.
 *
 * <p>Layouts: q and out are [B·T][H·D], k and v [B·T][Hkv·D]; query head h reads kv head
 * h / (H / Hkv). q arrives already scaled (the query scale is its own op). Row i of a sequence
 * attends to keys j with j ≤ i and, on local layers, i − j &lt; W (the engine's mask).
 *
 * <p>Like flash attention, the forward keeps only each row's log-sum-exp; the backward recomputes
 * the probabilities from q, k and the lse, which costs one extra Q·Kᵀ instead of storing
 * B·H·T² probabilities per layer. Rows are processed in blocks of {@value #BLOCK}, and each
 * block multiplies only the key columns its rows can see, so causal attention costs half a full
 * product and a window of W costs O(T·W).
 *
 * <p>Determinism: work is split by (sequence, query head); each head writes its own dQ rows and
 * its own dK/dV partial, and the partials of a kv group are summed in head order afterwards.
 */
public final class Attention {
    private static final int BLOCK = 64;

    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final int window;
    private final float cap;

    /**
     * @param window sliding window W (0 = global)
     * @param cap score soft-cap (0 = none)
     */
    public Attention(int heads, int kvHeads, int headDim, int window, float cap) {
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("heads (" + heads + ") must be a multiple of kvHeads (" + kvHeads + ")");
        }
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.window = window;
        this.cap = cap;
    }

    private int qDim() {
        return heads * headDim;
    }

    private int kvDim() {
        return kvHeads * headDim;
    }

    /** First key column row i may see. */
    private int firstKey(int i) {
        return window > 0 ? Math.max(0, i - window + 1) : 0;
    }

    /** out = softmax(mask(cap(q·kᵀ)))·v per head; lse[(b·H + h)·T + i] receives each row's log-sum-exp. */
    public void forward(ComputeContext ctx, float[] q, float[] k, float[] v, float[] out, float[] lse, int batch,
            int seqLen) {
        int group = heads / kvHeads;
        ctx.parallelFor(batch * heads, 1, (from, to) -> {
            float[] s = new float[BLOCK * seqLen];
            for (int u = from; u < to; u++) {
                int b = u / heads;
                int h = u % heads;
                int qo = b * seqLen * qDim() + h * headDim;
                int kvo = b * seqLen * kvDim() + (h / group) * headDim;
                for (int i0 = 0; i0 < seqLen; i0 += BLOCK) {
                    int i1 = Math.min(seqLen, i0 + BLOCK);
                    int c0 = firstKey(i0);
                    int cw = i1 - c0;
                    scores(q, qo + i0 * qDim(), k, kvo + c0 * kvDim(), s, i1 - i0, cw);
                    for (int i = i0; i < i1; i++) {
                        int row = (i - i0) * cw;
                        int lo = firstKey(i) - c0;
                        int hi = i - c0 + 1;
                        if (cap > 0) {
                            SoftCap.forward(s, row + lo, hi - lo, cap);
                        }
                        float max = VectorMath.max(s, row + lo, hi - lo);
                        float sum = VectorMath.expShifted(s, row + lo, hi - lo, max);
                        float inv = 1f / sum;
                        FloatOps.scale(s, row + lo, hi - lo, inv);
                        Arrays.fill(s, row, row + lo, 0f);
                        Arrays.fill(s, row + hi, row + cw, 0f);
                        lse[u * seqLen + i] = max + (float) Math.log(sum);
                    }
                    // out[i0:i1] = P · v[c0:i1]
                    Gemm.multiplySerial(i1 - i0, headDim, cw, Operand.rows(s, 0, cw),
                            Operand.rows(v, kvo + c0 * kvDim(), kvDim()), out, qo + i0 * qDim(), qDim(), false);
                }
            }
        });
    }

    /** s[rows][cw] = q_rows · k_colsᵀ. */
    private void scores(float[] q, int qOff, float[] k, int kOff, float[] s, int rows, int cw) {
        Gemm.multiplySerial(rows, cw, headDim, Operand.rows(q, qOff, qDim()), Operand.transposed(k, kOff, kvDim()), s,
                0, cw, false);
    }

    /**
     * Gradients of {@link #forward}: dq overwritten, dk and dv overwritten. Needs the forward's
     * q, k, v and lse, and the output gradient dOut.
     */
    public void backward(ComputeContext ctx, float[] dOut, float[] q, float[] k, float[] v, float[] lse, float[] dq,
            float[] dk, float[] dv, int batch, int seqLen) {
        int group = heads / kvHeads;
        int hd = headDim;
        // Per query head partial dK/dV: [B][H][T][D].
        float[] dkh = new float[batch * heads * seqLen * hd];
        float[] dvh = new float[batch * heads * seqLen * hd];
        ctx.parallelFor(batch * heads, 1, (from, to) -> {
            float[] p = new float[BLOCK * seqLen];
            float[] dp = new float[BLOCK * seqLen];
            float[] tanh = cap > 0 ? new float[BLOCK * seqLen] : null;
            for (int u = from; u < to; u++) {
                int b = u / heads;
                int h = u % heads;
                int qo = b * seqLen * qDim() + h * hd;
                int kvo = b * seqLen * kvDim() + (h / group) * hd;
                int po = u * seqLen * hd;
                for (int i0 = 0; i0 < seqLen; i0 += BLOCK) {
                    int i1 = Math.min(seqLen, i0 + BLOCK);
                    int rows = i1 - i0;
                    int c0 = firstKey(i0);
                    int cw = i1 - c0;
                    scores(q, qo + i0 * qDim(), k, kvo + c0 * kvDim(), p, rows, cw);
                    // dP = dOut_rows · v_colsᵀ
                    Gemm.multiplySerial(rows, cw, hd, Operand.rows(dOut, qo + i0 * qDim(), qDim()),
                            Operand.transposed(v, kvo + c0 * kvDim(), kvDim()), dp, 0, cw, false);
                    for (int i = i0; i < i1; i++) {
                        int row = (i - i0) * cw;
                        int lo = firstKey(i) - c0;
                        int hi = i - c0 + 1;
                        if (cap > 0) {
                            SoftCap.forward(p, row + lo, hi - lo, cap);
                            for (int j = lo; j < hi; j++) {
                                tanh[row + j] = p[row + j] / cap;
                            }
                        }
                        // P = exp(s − lse); D = Σ P·dP; dS = P ⊙ (dP − D) (⊙ (1 − tanh²) under a cap)
                        VectorMath.expShifted(p, row + lo, hi - lo, lse[u * seqLen + i]);
                        float d = VectorMath.dot(p, row + lo, dp, row + lo, hi - lo);
                        for (int j = lo; j < hi; j++) {
                            float g = p[row + j] * (dp[row + j] - d);
                            if (cap > 0) {
                                float t = tanh[row + j];
                                g *= 1f - t * t;
                            }
                            dp[row + j] = g;
                        }
                        Arrays.fill(p, row, row + lo, 0f);
                        Arrays.fill(p, row + hi, row + cw, 0f);
                        Arrays.fill(dp, row, row + lo, 0f);
                        Arrays.fill(dp, row + hi, row + cw, 0f);
                    }
                    // dV_h[c0:i1] += Pᵀ · dOut_rows ; dQ_rows = dS · k_cols ; dK_h[c0:i1] += dSᵀ · q_rows
                    Gemm.multiplySerial(cw, hd, rows, Operand.transposed(p, 0, cw),
                            Operand.rows(dOut, qo + i0 * qDim(), qDim()), dvh, po + c0 * hd, hd, true);
                    Gemm.multiplySerial(rows, hd, cw, Operand.rows(dp, 0, cw),
                            Operand.rows(k, kvo + c0 * kvDim(), kvDim()), dq, qo + i0 * qDim(), qDim(), false);
                    Gemm.multiplySerial(cw, hd, rows, Operand.transposed(dp, 0, cw),
                            Operand.rows(q, qo + i0 * qDim(), qDim()), dkh, po + c0 * hd, hd, true);
                }
            }
        });
        // Sum each kv group's head partials in head order.
        ctx.parallelFor(batch * seqLen, 16, (from, to) -> {
            for (int r = from; r < to; r++) {
                int b = r / seqLen;
                int t = r % seqLen;
                for (int g = 0; g < kvHeads; g++) {
                    int dst = r * kvDim() + g * hd;
                    Arrays.fill(dk, dst, dst + hd, 0f);
                    Arrays.fill(dv, dst, dst + hd, 0f);
                    for (int h = g * group; h < (g + 1) * group; h++) {
                        int src = ((b * heads + h) * seqLen + t) * hd;
                        for (int i = 0; i < hd; i++) {
                            dk[dst + i] += dkh[src + i];
                            dv[dst + i] += dvh[src + i];
                        }
                    }
                }
            }
        });
    }
}
