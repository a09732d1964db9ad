package org.pollux.train.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.pollux.model.Activation;
import org.pollux.model.ModelConfig;
import org.pollux.model.RopeStyle;
import org.pollux.model.TensorNames;
import org.pollux.model.TensorNames.Layer;
import org.pollux.tensor.ComputeContext;
import org.pollux.train.autograd.Attention;
import org.pollux.train.autograd.CrossEntropy;
import org.pollux.train.autograd.Embedding;
import org.pollux.train.autograd.GeGlu;
import org.pollux.train.autograd.Linear;
import org.pollux.train.autograd.Residual;
import org.pollux.train.autograd.RmsNorm;
import org.pollux.train.autograd.Rope;
import org.pollux.train.autograd.SoftCap;

/**
 * The Gemma decoder of pollux-core's {@link org.pollux.model.Decoder}, made trainable: the same
 * {@link ModelConfig}, the same weight names and layouts ({@link TensorNames}: matrices [out][in],
 * norm weights stored as the multiplier, i.e. Gemma's 1 + w), fp32 master weights, and an
 * explicit layer-by-layer forward that keeps its activations and a backward that walks them in
 * reverse (llm.c style). Each step is one op of {@code org.pollux.train.autograd}, each with its
 * own tested forward/backward pair.
 *
 * <p>Block (as the engine): h = norm(x); q,k,v = h·Wᵀ; QK-norm; RoPE (local/global base);
 * q·scale; causal attention (window on local layers; optional soft-cap); o = att·W_oᵀ; post-norm;
 * x += o; the same with the GeGLU feed-forward. Then the output norm, logits = x·Eᵀ (tied), optional
 * final soft-cap, cross-entropy.
 *
 * <p>Initialisation (seeded, the same for any thread count: each tensor draws from its own
 * stream, seeded by the seed and the tensor name): every matrix and the embedding table
 * N(0, 0.02²), except the two projections that write into the residual stream (attn_output,
 * ffn_down), which get 0.02/√(2·layers) so the residual's variance does not grow with depth
 * (GPT-2's rule); norm multipliers 1.
 *
 * <p>Thread safety: one step at a time. Results are bit-identical for any thread count.
 */
public final class TrainableModel {
    private static final double INIT_STD = 0.02;

    private final ModelConfig c;
    private final ComputeContext ctx;
    private final Map<String, Parameter> byName = new LinkedHashMap<>();
    private final Parameter embedding;
    private final Parameter output;
    private final Parameter outputNorm;
    private final Parameter[][] layers;
    private final Attention attnLocal;
    private final Attention attnGlobal;
    private Rope ropeLocal;
    private Rope ropeGlobal;
    private Activations acts;
    private int ropePositions;

    /** A model with the given shape and weights drawn from {@code seed}. */
    public TrainableModel(ModelConfig config, long seed, ComputeContext ctx) {
        if (!config.architecture().isGemma() || config.activation() != Activation.GELU_TANH
                || config.ropeStyle() != RopeStyle.NEOX) {
            throw new IllegalArgumentException("training supports the Gemma family (GELU, NEOX RoPE); got "
                    + config.architecture() + " with " + config.activation() + " and " + config.ropeStyle() + " RoPE");
        }
        this.c = config;
        this.ctx = ctx;
        for (Map.Entry<String, long[]> e : TensorNames.expectedShapes(config).entrySet()) {
            String name = e.getKey();
            boolean matrix = e.getValue().length == 2 && !name.equals(TensorNames.TOKEN_EMBD);
            byName.put(name, new Parameter(name, e.getValue(), matrix));
        }
        embedding = byName.get(TensorNames.TOKEN_EMBD);
        output = config.tiedEmbeddings() ? embedding : byName.get(TensorNames.OUTPUT);
        outputNorm = byName.get(TensorNames.OUTPUT_NORM);
        layers = new Parameter[config.layers()][];
        for (int l = 0; l < config.layers(); l++) {
            layers[l] = new Parameter[Layer.values().length];
            for (Layer t : Layer.values()) {
                layers[l][t.ordinal()] = byName.get(t.name(l));
            }
        }
        attnLocal = new Attention(c.heads(), c.kvHeads(), c.headDim(), c.slidingWindow(), c.attnSoftcap());
        attnGlobal = new Attention(c.heads(), c.kvHeads(), c.headDim(), 0, c.attnSoftcap());
        initialize(seed);
    }

    private void initialize(long seed) {
        double residualStd = INIT_STD / Math.sqrt(2.0 * c.layers());
        for (Parameter p : byName.values()) {
            float[] w = p.data();
            if (TensorNames.isNorm(p.name())) {
                java.util.Arrays.fill(w, 1f);
                continue;
            }
            boolean residual = p.name().endsWith(Layer.ATTN_OUTPUT.name(0).substring(6))
                    || p.name().endsWith(Layer.FFN_DOWN.name(0).substring(6));
            double std = residual ? residualStd : INIT_STD;
            SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ p.name().hashCode());
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (r.nextGaussian() * std);
            }
        }
    }

    public ModelConfig config() {
        return c;
    }

    public ComputeContext context() {
        return ctx;
    }

    /** Every parameter in the engine's file order (tied: the embedding once). */
    public List<Parameter> parameters() {
        return Collections.unmodifiableList(new ArrayList<>(byName.values()));
    }

    /** The parameter of this GGUF tensor name, or an exception listing what exists. */
    public Parameter parameter(String name) {
        Parameter p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter '" + name + "' in this " + c.architecture() + " model");
        }
        return p;
    }

    /** Number of trainable values. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : byName.values()) {
            n += p.size();
        }
        return n;
    }

    /** Sets every gradient to zero. */
    public void zeroGrad() {
        for (Parameter p : byName.values()) {
            java.util.Arrays.fill(p.grad(), 0f);
        }
    }

    /**
     * Logits for {@code batch} sequences of {@code seqLen} tokens (row-major, [batch·seqLen][vocab]),
     * soft-capped when the config says so. No gradient is touched.
     */
    public float[] logits(int[] tokens, int batch, int seqLen) {
        forward(tokens, batch, seqLen);
        return java.util.Arrays.copyOf(acts.logits, acts.n * c.vocabSize());
    }

    /** {@link #forwardBackward(int[], int[], int, int, float)} with gradient scale 1. */
    public double forwardBackward(int[] tokens, int[] targets, int batch, int seqLen) {
        return forwardBackward(tokens, targets, batch, seqLen, 1f);
    }

    /**
     * One forward and backward pass: returns the mean cross-entropy over the targets that are not
     * {@link CrossEntropy#IGNORE} and <em>adds</em> gradScale·∂loss/∂θ to every gradient (for
     * k micro-batches of equal size, gradScale 1/k gives the gradient of the mean).
     *
     * @param tokens batch·seqLen input ids, sequence by sequence
     * @param targets the id to predict at each position (negative: not counted)
     */
    public double forwardBackward(int[] tokens, int[] targets, int batch, int seqLen, float gradScale) {
        if (targets.length != tokens.length) {
            throw new IllegalArgumentException("targets (" + targets.length + ") and tokens (" + tokens.length
                    + ") differ in length");
        }
        forward(tokens, batch, seqLen);
        double loss = CrossEntropy.forwardBackward(ctx, acts.logits, targets, c.vocabSize(), c.finalSoftcap(),
                gradScale);
        backward(tokens, batch, seqLen);
        return loss;
    }

    private float[] w(int l, Layer t) {
        return layers[l][t.ordinal()].data();
    }

    private float[] g(int l, Layer t) {
        return layers[l][t.ordinal()].grad();
    }

    private void forward(int[] tokens, int batch, int seqLen) {
        if (batch < 1 || seqLen < 1 || (long) batch * seqLen != tokens.length) {
            throw new IllegalArgumentException("batch " + batch + " × seqLen " + seqLen + " does not match "
                    + tokens.length + " tokens");
        }
        if (seqLen > c.contextLength()) {
            throw new IllegalArgumentException("seqLen " + seqLen + " exceeds the context length " + c.contextLength());
        }
        int n = tokens.length;
        if (acts == null || acts.n != n) {
            acts = null; // let the old buffers go before allocating new ones
            acts = new Activations(c, n);
        }
        if (ropeLocal == null || ropePositions < seqLen) {
            ropePositions = seqLen;
            ropeLocal = new Rope(c.ropeBaseLocal(), 1.0, c.headDim(), seqLen);
            ropeGlobal = new Rope(c.ropeBase(), c.ropeScale(), c.headDim(), seqLen);
        }
        int d = c.dModel();
        Embedding.forward(ctx, tokens, embedding.data(), c.vocabSize(), d, c.embeddingScale(), acts.layers[0].xIn);
        for (int l = 0; l < c.layers(); l++) {
            blockForward(l, batch, seqLen);
        }
        RmsNorm.forward(ctx, acts.xOut, outputNorm.data(), acts.xf, acts.rstdOut, n, d, c.normEps());
        Linear.forward(ctx, acts.xf, output.data(), acts.logits, n, d, c.vocabSize());
        if (c.finalSoftcap() > 0) {
            SoftCap.forward(acts.logits, 0, n * c.vocabSize(), c.finalSoftcap());
        }
    }

    private void blockForward(int l, int batch, int seqLen) {
        Activations.Layer a = acts.layers[l];
        int n = acts.n;
        int d = c.dModel();
        int hd = c.headDim();
        RmsNorm.forward(ctx, a.xIn, w(l, Layer.ATTN_NORM), a.h1, a.rstd1, n, d, c.normEps());
        float[] q = c.qkNorm() ? a.qPre : a.q;
        float[] k = c.qkNorm() ? a.kPre : a.k;
        Linear.forward(ctx, a.h1, w(l, Layer.ATTN_Q), q, n, d, c.qDim());
        Linear.forward(ctx, a.h1, w(l, Layer.ATTN_K), k, n, d, c.kvDim());
        Linear.forward(ctx, a.h1, w(l, Layer.ATTN_V), a.v, n, d, c.kvDim());
        if (c.qkNorm()) {
            RmsNorm.forward(ctx, a.qPre, w(l, Layer.ATTN_Q_NORM), a.q, a.rstdQ, n * c.heads(), hd, c.normEps());
            RmsNorm.forward(ctx, a.kPre, w(l, Layer.ATTN_K_NORM), a.k, a.rstdK, n * c.kvHeads(), hd, c.normEps());
        }
        boolean local = c.isLocal(l);
        Rope rope = local ? ropeLocal : ropeGlobal;
        rope.forward(ctx, a.q, n, c.heads(), seqLen);
        rope.forward(ctx, a.k, n, c.kvHeads(), seqLen);
        Residual.scale(a.q, 0, n * c.qDim(), c.queryScale());
        (local ? attnLocal : attnGlobal).forward(ctx, a.q, a.k, a.v, a.att, a.lse, batch, seqLen);
        Linear.forward(ctx, a.att, w(l, Layer.ATTN_OUTPUT), a.o, n, c.qDim(), d);
        System.arraycopy(a.xIn, 0, a.xMid, 0, n * d);
        if (c.postNorms()) {
            RmsNorm.forward(ctx, a.o, w(l, Layer.POST_ATTENTION_NORM), acts.dTmp, a.rstdO, n, d, c.normEps());
            Residual.add(a.xMid, acts.dTmp, n * d);
        } else {
            Residual.add(a.xMid, a.o, n * d);
        }
        RmsNorm.forward(ctx, a.xMid, w(l, Layer.FFN_NORM), a.h2, a.rstd2, n, d, c.normEps());
        Linear.forward(ctx, a.h2, w(l, Layer.FFN_GATE), a.gate, n, d, c.ffn());
        Linear.forward(ctx, a.h2, w(l, Layer.FFN_UP), a.up, n, d, c.ffn());
        GeGlu.forward(ctx, a.gate, a.up, a.act, n * c.ffn());
        Linear.forward(ctx, a.act, w(l, Layer.FFN_DOWN), a.f, n, c.ffn(), d);
        float[] xOut = acts.xAfter(l);
        System.arraycopy(a.xMid, 0, xOut, 0, n * d);
        if (c.postNorms()) {
            RmsNorm.forward(ctx, a.f, w(l, Layer.POST_FFW_NORM), acts.dTmp, a.rstdF, n, d, c.normEps());
            Residual.add(xOut, acts.dTmp, n * d);
        } else {
            Residual.add(xOut, a.f, n * d);
        }
    }

    private void backward(int[] tokens, int batch, int seqLen) {
        int n = acts.n;
        int d = c.dModel();
        // logits = xf·Eᵀ (the cap's derivative is already folded in by CrossEntropy)
        Linear.backward(ctx, acts.logits, acts.xf, output.data(), acts.dTmp, output.grad(), n, d, c.vocabSize(), false);
        RmsNorm.backward(ctx, acts.dTmp, acts.xOut, outputNorm.data(), acts.rstdOut, acts.dx, outputNorm.grad(), n, d);
        for (int l = c.layers() - 1; l >= 0; l--) {
            blockBackward(l, batch, seqLen);
        }
        Embedding.backward(ctx, tokens, acts.dx, d, c.embeddingScale(), embedding.grad());
    }

    /** On entry acts.dx holds dLoss/d(x leaving block l); on exit dLoss/d(x entering it). */
    private void blockBackward(int l, int batch, int seqLen) {
        Activations.Layer a = acts.layers[l];
        int n = acts.n;
        int d = c.dModel();
        int hd = c.headDim();
        float[] dx = acts.dx;
        float[] dBranch = acts.dBranch;
        // x_out = x_mid + post_ffw_norm(f)
        if (c.postNorms()) {
            RmsNorm.backward(ctx, dx, a.f, w(l, Layer.POST_FFW_NORM), a.rstdF, dBranch, g(l, Layer.POST_FFW_NORM), n, d);
        } else {
            Residual.addBackward(dx, dBranch, n * d);
        }
        Linear.backward(ctx, dBranch, a.act, w(l, Layer.FFN_DOWN), acts.dFfn, g(l, Layer.FFN_DOWN), n, c.ffn(), d,
                false);
        GeGlu.backward(ctx, acts.dFfn, a.gate, a.up, acts.dFfn, acts.dUp, n * c.ffn());
        Linear.backward(ctx, acts.dFfn, a.h2, w(l, Layer.FFN_GATE), acts.dTmp, g(l, Layer.FFN_GATE), n, d, c.ffn(),
                false);
        Linear.backward(ctx, acts.dUp, a.h2, w(l, Layer.FFN_UP), acts.dTmp, g(l, Layer.FFN_UP), n, d, c.ffn(), true);
        RmsNorm.backward(ctx, acts.dTmp, a.xMid, w(l, Layer.FFN_NORM), a.rstd2, acts.dTmp, g(l, Layer.FFN_NORM), n, d);
        Residual.add(dx, acts.dTmp, n * d);
        // x_mid = x_in + post_attention_norm(o)
        if (c.postNorms()) {
            RmsNorm.backward(ctx, dx, a.o, w(l, Layer.POST_ATTENTION_NORM), a.rstdO, dBranch,
                    g(l, Layer.POST_ATTENTION_NORM), n, d);
        } else {
            Residual.addBackward(dx, dBranch, n * d);
        }
        Linear.backward(ctx, dBranch, a.att, w(l, Layer.ATTN_OUTPUT), acts.dAtt, g(l, Layer.ATTN_OUTPUT), n, c.qDim(),
                d, false);
        boolean local = c.isLocal(l);
        (local ? attnLocal : attnGlobal).backward(ctx, acts.dAtt, a.q, a.k, a.v, a.lse, acts.dQ, acts.dK, acts.dV,
                batch, seqLen);
        Residual.scale(acts.dQ, 0, n * c.qDim(), c.queryScale());
        Rope rope = local ? ropeLocal : ropeGlobal;
        rope.backward(ctx, acts.dQ, n, c.heads(), seqLen);
        rope.backward(ctx, acts.dK, n, c.kvHeads(), seqLen);
        float[] qIn = a.h1;
        if (c.qkNorm()) {
            RmsNorm.backward(ctx, acts.dQ, a.qPre, w(l, Layer.ATTN_Q_NORM), a.rstdQ, acts.dQ, g(l, Layer.ATTN_Q_NORM),
                    n * c.heads(), hd);
            RmsNorm.backward(ctx, acts.dK, a.kPre, w(l, Layer.ATTN_K_NORM), a.rstdK, acts.dK, g(l, Layer.ATTN_K_NORM),
                    n * c.kvHeads(), hd);
        }
        Linear.backward(ctx, acts.dQ, qIn, w(l, Layer.ATTN_Q), acts.dTmp, g(l, Layer.ATTN_Q), n, d, c.qDim(), false);
        Linear.backward(ctx, acts.dK, qIn, w(l, Layer.ATTN_K), acts.dTmp, g(l, Layer.ATTN_K), n, d, c.kvDim(), true);
        Linear.backward(ctx, acts.dV, qIn, w(l, Layer.ATTN_V), acts.dTmp, g(l, Layer.ATTN_V), n, d, c.kvDim(), true);
        RmsNorm.backward(ctx, acts.dTmp, a.xIn, w(l, Layer.ATTN_NORM), a.rstd1, acts.dTmp, g(l, Layer.ATTN_NORM), n, d);
        Residual.add(dx, acts.dTmp, n * d);
    }
}
