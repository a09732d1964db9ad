package org.pollux.train.model;

import org.pollux.model.ModelConfig;

/**
 * Buffers of one forward/backward pass over n = batch·seqLen tokens: what the forward keeps for
 * the backward (per layer, llm.c style) and the gradient scratch the backward reuses. Allocated
 * once per token count and reused across steps.
 */
final class Activations {
    /** What one block keeps; names follow the engine's observer names where they exist. */
    static final class Layer {
        final float[] xIn; // [n][d] residual stream entering the block
        final float[] h1; // [n][d] attn_norm output
        final float[] rstd1; // [n]
        final float[] qPre; // [n][H·D] q before QK-norm
        final float[] kPre; // [n][Hkv·D]
        final float[] rstdQ; // [n·H]
        final float[] rstdK; // [n·Hkv]
        final float[] q; // [n][H·D] normed, rotated, scaled
        final float[] k; // [n][Hkv·D] normed, rotated
        final float[] v; // [n][Hkv·D]
        final float[] lse; // [B·H·T] attention log-sum-exp
        final float[] att; // [n][H·D] kqv_out
        final float[] o; // [n][d] attention projection before the post-norm
        final float[] rstdO; // [n]
        final float[] xMid; // [n][d] residual after attention
        final float[] h2; // [n][d] ffn_norm output
        final float[] rstd2; // [n]
        final float[] gate; // [n][F]
        final float[] up; // [n][F]
        final float[] act; // [n][F] GELU(gate)·up
        final float[] f; // [n][d] down projection before the post-norm
        final float[] rstdF; // [n]

        Layer(ModelConfig c, int n, float[] xIn) {
            int d = c.dModel();
            this.xIn = xIn;
            h1 = new float[n * d];
            rstd1 = new float[n];
            qPre = c.qkNorm() ? new float[n * c.qDim()] : null;
            kPre = c.qkNorm() ? new float[n * c.kvDim()] : null;
            rstdQ = c.qkNorm() ? new float[n * c.heads()] : null;
            rstdK = c.qkNorm() ? new float[n * c.kvHeads()] : null;
            q = new float[n * c.qDim()];
            k = new float[n * c.kvDim()];
            v = new float[n * c.kvDim()];
            lse = new float[n * c.heads()];
            att = new float[n * c.qDim()];
            o = new float[n * d];
            rstdO = new float[n];
            xMid = new float[n * d];
            h2 = new float[n * d];
            rstd2 = new float[n];
            gate = new float[n * c.ffn()];
            up = new float[n * c.ffn()];
            act = new float[n * c.ffn()];
            f = new float[n * d];
            rstdF = new float[n];
        }
    }

    final int n;
    final Layer[] layers;
    final float[] xOut; // [n][d] residual after the last block
    final float[] xf; // [n][d] output_norm output
    final float[] rstdOut; // [n]
    final float[] logits; // [n][V]
    // Backward scratch.
    final float[] dx; // [n][d] gradient of the residual stream
    final float[] dTmp; // [n][d]
    final float[] dBranch; // [n][d]
    final float[] dFfn; // [n][F] (gradient of act, then of gate)
    final float[] dUp; // [n][F]
    final float[] dQ; // [n][H·D]
    final float[] dK; // [n][Hkv·D]
    final float[] dV; // [n][Hkv·D]
    final float[] dAtt; // [n][H·D]

    Activations(ModelConfig c, int n) {
        this.n = n;
        int d = c.dModel();
        layers = new Layer[c.layers()];
        float[] x = new float[n * d];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new Layer(c, n, x);
            x = new float[n * d];
        }
        xOut = x;
        xf = new float[n * d];
        rstdOut = new float[n];
        logits = new float[Math.multiplyExact(n, c.vocabSize())];
        dx = new float[n * d];
        dTmp = new float[n * d];
        dBranch = new float[n * d];
        dFfn = new float[n * c.ffn()];
        dUp = new float[n * c.ffn()];
        dQ = new float[n * c.qDim()];
        dK = new float[n * c.kvDim()];
        dV = new float[n * c.kvDim()];
        dAtt = new float[n * c.qDim()];
    }

    /** The residual stream leaving block l (the next block's input, or the final one). */
    float[] xAfter(int l) {
        return l + 1 < layers.length ? layers[l + 1].xIn : xOut;
    }
}
