package org.pollux.model;

import java.util.ArrayList;
import java.util.List;

import org.pollux.tensor.ComputeContext;
import org.pollux.tensor.FloatOps;
import org.pollux.tensor.Ops;

/**
 * The one decoder of Pollux: Gemma 1/2/3 and Llama differ only through {@link ModelConfig}.
 *
 * <p>Per block (SPEC-gemma §2): h = norm(x); q,k,v = W·h; optional QK-norm; RoPE (per-layer base
 * and scale; half-split or adjacent pairs); q·scale; causal attention, limited to the last W
 * positions on local layers, with optional soft-cap; o = W_o·attn; optional post-norm; x += o;
 * then the same with the gated FFN. Finally norm, logits = W_out·x, optional soft-cap.
 *
 * <p>A forward call runs n rows through each weight matrix together ({@link Ops#matmul}), so the
 * weights are read once per call. The rows are either a prefill chunk (n tokens of one cache at
 * consecutive positions) or a decode batch (one token of each of n caches, each at its own
 * position): both are lists of {@link Segment}s, and only RoPE, attention and the cache store look
 * at which segment a row belongs to. Every product sums each (row, token) pair in one fixed order
 * whatever n is, so a sequence's logits are bit-identical alone or in any batch (one token outside
 * a batch takes the faster quantized dot kernels instead: see {@link #product}). Norm weights from
 * llama.cpp GGUFs of the Gemma family already contain the "+1" (SPEC §2.2), so every norm here
 * multiplies by the stored weight.
 */
public final class Decoder implements LanguageModel {
    private final ModelConfig c;
    private final ModelWeights w;
    private final ComputeContext ctx;
    private final AutoCloseable resources;
    private final double[] invFreqGlobal;
    private final double[] invFreqLocal;
    private volatile ActivationObserver observer;
    private volatile boolean exactGelu;

    /**
     * @param resources closed with the model (e.g. the mapped GGUF file); may be null
     */
    public Decoder(ModelConfig config, ModelWeights weights, ComputeContext ctx, AutoCloseable resources) {
        this.c = config;
        this.w = weights;
        this.ctx = ctx;
        this.resources = resources;
        // Linear scaling applies to global layers only (llama.cpp: SWA layers keep scale 1); the
        // optional Llama 3 frequency factors apply to every layer, as llama.cpp does.
        float[] factors = weights.ropeFreqFactors();
        this.invFreqGlobal = RopeFrequencies.inverse(config.ropeBase(), config.headDim(), config.ropeScale(), factors);
        this.invFreqLocal = RopeFrequencies.inverse(config.ropeBaseLocal(), config.headDim(), 1.0, factors);
    }

    /**
     * GELU numerics. By default the GELU goes through a table over every f16 input, as ggml's CPU
     * backend does (input and output rounded to f16; |z| ≥ 10 passes through or gives 0): it is
     * what llama.cpp computes, so logits agree with it to 1e-4, and a lookup is cheaper than
     * tanh. {@code true} computes the exact tanh form in double instead (the float64 reference
     * tests use it).
     */
    public void setExactGelu(boolean exact) {
        this.exactGelu = exact;
    }

    public void setObserver(ActivationObserver observer) {
        this.observer = observer;
    }

    public ModelWeights weights() {
        return w;
    }

    @Override
    public ModelConfig config() {
        return c;
    }

    @Override
    public int vocabSize() {
        return c.vocabSize();
    }

    @Override
    public int contextLength() {
        return c.contextLength();
    }

    @Override
    public KvCache newCache(int maxTokens) {
        return new LayeredKvCache(c, maxTokens);
    }

    @Override
    public float[] forward(KvCache kvCache, int[] tokens, int off, int len, boolean allPositions) {
        float[] x = runChunk(kvCache, tokens, off, len);
        int first = allPositions ? 0 : len - 1;
        return logits(x, first, len - first, false);
    }

    /** One decode step of {@code count} sequences: row i is token {@code tokens[i]} at cache {@code caches[i]}'s position. */
    @Override
    public float[] forwardBatch(KvCache[] caches, int[] tokens, int count) {
        BatchArguments.check(caches, tokens, count);
        Segment[] segments = new Segment[count];
        for (int i = 0; i < count; i++) {
            LayeredKvCache cache = own(caches[i], i);
            checkRoom(cache, 1, " (batch row " + i + ")");
            segments[i] = new Segment(cache, cache.position(), i, 1);
        }
        checkRange(tokens, 0, count);
        return logits(run(segments, tokens, 0, count, true), 0, count, true);
    }

    /**
     * Prefill chunks of several sequences with one pass over the weights. Chunks of two or more
     * tokens share the call (the matrix products give every row the same bits at any row count);
     * a one-token chunk runs alone, as {@link #forward} would run it (a matrix-vector product,
     * whose summation order differs). Each chunk's logits come from its own last row, also as in
     * {@link #forward}.
     */
    @Override
    public float[] forwardChunks(KvCache[] caches, int[][] prompts, int[] offsets, int[] lengths) {
        BatchArguments.checkChunks(caches, prompts, offsets, lengths);
        int count = caches.length;
        int vocab = c.vocabSize();
        float[] out = new float[count * vocab];
        List<Segment> shared = new ArrayList<>();
        List<Integer> sharedIndex = new ArrayList<>();
        int rows = 0;
        for (int i = 0; i < count; i++) {
            LayeredKvCache cache = own(caches[i], i);
            checkRange(prompts[i], offsets[i], lengths[i]);
            checkRoom(cache, lengths[i], " (chunk " + i + ")");
            if (lengths[i] >= 2) {
                shared.add(new Segment(cache, cache.position(), rows, lengths[i]));
                sharedIndex.add(i);
                rows += lengths[i];
            }
        }
        if (!shared.isEmpty()) {
            int[] flat = new int[rows];
            for (int k = 0; k < shared.size(); k++) {
                int i = sharedIndex.get(k);
                System.arraycopy(prompts[i], offsets[i], flat, shared.get(k).row(), lengths[i]);
            }
            float[] x = run(shared.toArray(Segment[]::new), flat, 0, rows, false);
            for (int k = 0; k < shared.size(); k++) {
                Segment g = shared.get(k);
                float[] last = logits(x, g.row() + g.len() - 1, 1, false);
                System.arraycopy(last, 0, out, sharedIndex.get(k) * vocab, vocab);
            }
        }
        for (int i = 0; i < count; i++) {
            if (lengths[i] < 2) {
                System.arraycopy(forward(caches[i], prompts[i], offsets[i], lengths[i], false), 0, out, i * vocab, vocab);
            }
        }
        return out;
    }

    private float[] logits(float[] x, int first, int rows, boolean invariant) {
        float[] xf = finalNorm(x, first, rows);
        float[] logits = new float[rows * c.vocabSize()];
        product(w.output(), xf, rows, logits, invariant);
        if (c.finalSoftcap() > 0) {
            FloatOps.softcap(logits, 0, logits.length, c.finalSoftcap());
        }
        observe("result_output", -1, logits, rows);
        return logits;
    }

    private float[] finalNorm(float[] x, int first, int rows) {
        int d = c.dModel();
        float[] xf = new float[rows * d];
        for (int r = 0; r < rows; r++) {
            FloatOps.rmsnorm(xf, r * d, x, (first + r) * d, w.outputNorm(), d, c.normEps());
        }
        observe("result_norm", -1, xf, rows);
        return xf;
    }

    @Override
    public float[] hiddenStates(KvCache kvCache, int[] tokens, int off, int len) {
        return finalNorm(runChunk(kvCache, tokens, off, len), 0, len);
    }

    /** A prefill chunk: len tokens of one cache at consecutive positions. */
    private float[] runChunk(KvCache kvCache, int[] tokens, int off, int len) {
        LayeredKvCache cache = own(kvCache, 0);
        checkRange(tokens, off, len);
        checkRoom(cache, len, "");
        return run(new Segment[] {new Segment(cache, cache.position(), 0, len)}, tokens, off, len, false);
    }

    /**
     * Rows {@code [row, row + len)} of a forward call: tokens of {@code cache} at positions
     * {@code p0 ..}. Within a call, keys of a segment's own positions come from the call's k/v
     * rows and older ones from its cache.
     */
    private record Segment(LayeredKvCache cache, int p0, int row, int len) {}

    private static LayeredKvCache own(KvCache kv, int index) {
        if (!(kv instanceof LayeredKvCache cache)) {
            throw new IllegalArgumentException("cache " + index + " was not made by this model's newCache()");
        }
        return cache;
    }

    private static void checkRoom(LayeredKvCache cache, int len, String where) {
        if (cache.position() + len > cache.capacity()) {
            throw new IllegalArgumentException("context overflow: " + cache.position() + " cached + " + len
                    + " new tokens > capacity " + cache.capacity() + where);
        }
    }

    private static void checkRange(int[] tokens, int off, int len) {
        if (len < 1 || off < 0 || off + len > tokens.length) {
            throw new IllegalArgumentException("token range [" + off + ", " + (off + len) + ") is invalid for "
                    + tokens.length + " tokens");
        }
    }

    /** Runs the rows through every block, appends them to their caches, returns the residual stream. */
    private float[] run(Segment[] segments, int[] tokens, int off, int len, boolean invariant) {
        for (int t = 0; t < len; t++) {
            int id = tokens[off + t];
            if (id < 0 || id >= c.vocabSize()) {
                throw new IllegalArgumentException("token id " + id + " at index " + (off + t)
                        + " is outside the vocabulary [0, " + c.vocabSize() + ")");
            }
        }
        int n = len;
        int d = c.dModel();
        float[] x = new float[n * d];
        for (int t = 0; t < n; t++) {
            Ops.dequantizeRow(w.tokenEmbedding(), tokens[off + t], x, t * d);
        }
        if (c.embeddingScale() != 1f) {
            FloatOps.scale(x, 0, n * d, c.embeddingScale());
        }
        observe("inp_scaled", -1, x, n);
        Scratch s = new Scratch(c, n, invariant);
        Segment[] rowSegment = new Segment[n];
        int[] pos = new int[n];
        for (Segment g : segments) {
            for (int t = g.row(); t < g.row() + g.len(); t++) {
                rowSegment[t] = g;
                pos[t] = g.p0() + t - g.row();
            }
        }
        for (int l = 0; l < c.layers(); l++) {
            block(l, segments, rowSegment, pos, n, x, s);
        }
        for (Segment g : segments) {
            g.cache().advance(g.len());
        }
        return x;
    }

    /** Activation buffers of one forward call (n tokens). */
    private static final class Scratch {
        final float[] h;
        final float[] q;
        final float[] k;
        final float[] v;
        final float[] att;
        final float[] o;
        final float[] gate;
        final float[] up;
        /** Products of a decode batch: one summation order whatever the row count. */
        final boolean invariant;

        Scratch(ModelConfig c, int n, boolean invariant) {
            this.invariant = invariant;
            h = new float[n * c.dModel()];
            q = new float[n * c.qDim()];
            k = new float[n * c.kvDim()];
            v = new float[n * c.kvDim()];
            att = new float[n * c.qDim()];
            o = new float[n * c.dModel()];
            gate = new float[n * c.ffn()];
            up = new float[n * c.ffn()];
        }
    }

    /** One block over n rows; row t belongs to {@code rowSegment[t]} and sits at position {@code pos[t]}. */
    private void block(int l, Segment[] segments, Segment[] rowSegment, int[] pos, int n, float[] x, Scratch s) {
        ModelWeights.Layer lw = w.layer(l);
        int d = c.dModel();
        int hd = c.headDim();
        normRows(s.h, x, lw.attnNorm(), n, d);
        observe("attn_norm", l, s.h, n);
        product(lw.wq(), s.h, n, s.q, s.invariant);
        product(lw.wk(), s.h, n, s.k, s.invariant);
        product(lw.wv(), s.h, n, s.v, s.invariant);
        if (c.qkNorm()) {
            normRows(s.q, s.q, lw.qNorm(), n * c.heads(), hd);
            normRows(s.k, s.k, lw.kNorm(), n * c.kvHeads(), hd);
        }
        boolean local = c.isLocal(l);
        double[] invFreq = local ? invFreqLocal : invFreqGlobal;
        for (int t = 0; t < n; t++) {
            rope(s.q, t * c.qDim(), c.heads(), pos[t], invFreq);
            rope(s.k, t * c.kvDim(), c.kvHeads(), pos[t], invFreq);
        }
        FloatOps.scale(s.q, 0, n * c.qDim(), c.queryScale());
        attention(l, local, rowSegment, pos, n, s);
        for (Segment g : segments) {
            g.cache().store(l, g.p0(), s.k, s.v, g.row(), g.len());
        }
        observe("kqv_out", l, s.att, n);
        product(lw.wo(), s.att, n, s.o, s.invariant);
        if (c.postNorms()) {
            normRows(s.o, s.o, lw.postAttnNorm(), n, d);
        }
        observe("attn_out", l, s.o, n);
        FloatOps.add(s.o, x, n * d);
        normRows(s.h, x, lw.ffnNorm(), n, d);
        observe("ffn_norm", l, s.h, n);
        product(lw.gate(), s.h, n, s.gate, s.invariant);
        product(lw.up(), s.h, n, s.up, s.invariant);
        ctx.parallelFor(n, 1, (from, to) -> {
            for (int t = from; t < to; t++) {
                int o = t * c.ffn();
                gated(s.gate, s.up, o, c.ffn());
            }
        });
        product(lw.down(), s.gate, n, s.o, s.invariant);
        if (c.postNorms()) {
            normRows(s.o, s.o, lw.postFfwNorm(), n, d);
        }
        observe("ffn_out", l, s.o, n);
        FloatOps.add(s.o, x, n * d);
        observe("l_out", l, x, n);
    }

    private void gated(float[] g, float[] u, int off, int n) {
        switch (c.activation()) {
            case GELU_TANH -> {
                for (int i = off; i < off + n; i++) {
                    g[i] = (exactGelu ? FloatOps.geluTanh(g[i]) : FloatOps.geluTanhF16(g[i])) * u[i];
                }
            }
            case SILU -> {
                for (int i = off; i < off + n; i++) {
                    float z = g[i];
                    g[i] = z / (1f + (float) Math.exp(-z)) * u[i];
                }
            }
        }
    }

    /**
     * {@link Ops#matmul} for several rows, and for one row of a decode batch: its per-pair
     * summation order is what makes a sequence's logits the same alone or in any batch. A single
     * token outside a batch ({@link #forward} with one token: the CLI, {@code Generator}) takes the
     * quantized dot kernels of {@link Ops#matvec} instead, which are faster for one row but sum in
     * another order; so a sequence must be decoded through one of the two paths throughout (the
     * batching scheduler always uses {@link #forwardBatch}).
     */
    private void product(org.pollux.tensor.Tensor m, float[] in, int n, float[] out, boolean invariant) {
        if (n == 1 && !invariant) {
            Ops.matvec(ctx, m, in, 0, out, 0);
        } else {
            Ops.matmul(ctx, m, in, n, out);
        }
    }

    private void normRows(float[] out, float[] in, float[] weight, int rows, int width) {
        for (int r = 0; r < rows; r++) {
            FloatOps.rmsnorm(out, r * width, in, r * width, weight, width, c.normEps());
        }
    }

    /** Rotates every head of one token's q or k at position {@code pos}. */
    private void rope(float[] a, int base, int heads, int pos, double[] invFreq) {
        int hd = c.headDim();
        int half = hd / 2;
        for (int i = 0; i < half; i++) {
            double angle = pos * invFreq[i];
            float cos = (float) Math.cos(angle);
            float sin = (float) Math.sin(angle);
            for (int h = 0; h < heads; h++) {
                int o = base + h * hd;
                // NEOX pairs (i, i + D/2); NORM pairs (2i, 2i + 1).
                int i0 = c.ropeStyle() == RopeStyle.NEOX ? o + i : o + 2 * i;
                int i1 = c.ropeStyle() == RopeStyle.NEOX ? o + i + half : o + 2 * i + 1;
                float x0 = a[i0];
                float x1 = a[i1];
                a[i0] = x0 * cos - x1 * sin;
                a[i1] = x1 * cos + x0 * sin;
            }
        }
    }

    /**
     * Causal attention for n rows, each against its own segment's cache. Keys of positions inside
     * the segment are read from the call's own k/v rows, earlier ones from the cache (which the
     * call has not yet written), so a ring smaller than a chunk still serves every token its exact
     * window.
     */
    private void attention(int l, boolean local, Segment[] rowSegment, int[] pos, int n, Scratch s) {
        int heads = c.heads();
        int hd = c.headDim();
        int group = heads / c.kvHeads();
        int kvDim = c.kvDim();
        int window = c.slidingWindow();
        float cap = c.attnSoftcap();
        int longest = 0;
        for (int t = 0; t < n; t++) {
            longest = Math.max(longest, pos[t] + 1);
        }
        int scoreLength = longest;
        ctx.parallelFor(n * heads, 1, (from, to) -> {
            float[] scores = new float[scoreLength];
            for (int u = from; u < to; u++) {
                int t = u / heads;
                int h = u % heads;
                int kvHead = h / group;
                Segment g = rowSegment[t];
                LayeredKvCache cache = g.cache();
                float[] ck = cache.keys(l);
                float[] cv = cache.values(l);
                int p0 = g.p0();
                // Row of position j ≥ p0 in this call's k/v buffers.
                int r0 = g.row() - p0;
                int p = pos[t];
                int start = local ? Math.max(0, p - window + 1) : 0;
                int qo = t * c.qDim() + h * hd;
                int count = p - start + 1;
                for (int j = start; j <= p; j++) {
                    float sc = j >= p0
                            ? FloatOps.dot(s.q, qo, s.k, (r0 + j) * kvDim + kvHead * hd, hd)
                            : FloatOps.dot(s.q, qo, ck, cache.rowOffset(l, j) + kvHead * hd, hd);
                    scores[j - start] = cap > 0 ? (float) (cap * Math.tanh(sc / cap)) : sc;
                }
                FloatOps.softmax(scores, 0, count);
                int ao = t * c.qDim() + h * hd;
                java.util.Arrays.fill(s.att, ao, ao + hd, 0f);
                for (int j = start; j <= p; j++) {
                    float w = scores[j - start];
                    if (j >= p0) {
                        FloatOps.axpy(w, s.v, (r0 + j) * kvDim + kvHead * hd, s.att, ao, hd);
                    } else {
                        FloatOps.axpy(w, cv, cache.rowOffset(l, j) + kvHead * hd, s.att, ao, hd);
                    }
                }
            }
        });
    }

    private void observe(String name, int layer, float[] data, int rows) {
        ActivationObserver o = observer;
        if (o != null) {
            o.onActivation(name, layer, data, rows);
        }
    }

    @Override
    public void close() {
        if (resources != null) {
            try {
                resources.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing model resources failed: " + e.getMessage(), e);
            }
        }
    }
}
