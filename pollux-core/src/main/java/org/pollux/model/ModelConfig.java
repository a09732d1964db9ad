package org.pollux.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pollux.gguf.GgufMetadata;
import org.pollux.gguf.GgufValue;

/**
 * Everything that distinguishes one decoder from another: the only input of the one decoder
 * implementation. Variants are data, not subclasses.
 *
 * @param architecture GGUF architecture family
 * @param layers number of transformer blocks
 * @param dModel residual stream width
 * @param heads query heads
 * @param kvHeads key/value heads (1 = MQA, fewer than heads = GQA)
 * @param headDim values per head; read, never derived from dModel/heads (Gemma differs)
 * @param ffn width of each of the gate and up projections
 * @param vocabSize rows of the embedding table
 * @param contextLength longest supported context
 * @param normEps RMSNorm epsilon
 * @param activation gated FFN activation
 * @param slidingWindow W of local layers (0 = no local layers)
 * @param slidingWindowPeriod layer l is local iff period > 0 and (l + 1) % period != 0
 *     (Gemma 2: 2, Gemma 3: 6); 0 = every layer global
 * @param ropeBase RoPE base of global layers
 * @param ropeBaseLocal RoPE base of local layers
 * @param ropeScale linear RoPE scaling factor of global layers (positions divided by it; 1 = none)
 * @param ropeStyle pairing of rotated values
 * @param queryScale multiplier applied to q before the dot products
 * @param attnSoftcap attention-score soft-cap (0 = none; Gemma 2: 50)
 * @param finalSoftcap logit soft-cap (0 = none; Gemma 2: 30)
 * @param qkNorm RMSNorm on each q and k head before RoPE (Gemma 3)
 * @param postNorms RMSNorm on the attention and FFN outputs before the residual add (Gemma 2/3)
 * @param embeddingScale multiplier of the looked-up embedding (Gemma: sqrt(dModel); Llama: 1)
 * @param tiedEmbeddings logits use the embedding table (no {@code output.weight})
 */
public record ModelConfig(
        Architecture architecture,
        int layers,
        int dModel,
        int heads,
        int kvHeads,
        int headDim,
        int ffn,
        int vocabSize,
        int contextLength,
        float normEps,
        Activation activation,
        int slidingWindow,
        int slidingWindowPeriod,
        float ropeBase,
        float ropeBaseLocal,
        float ropeScale,
        RopeStyle ropeStyle,
        float queryScale,
        float attnSoftcap,
        float finalSoftcap,
        boolean qkNorm,
        boolean postNorms,
        float embeddingScale,
        boolean tiedEmbeddings) {

    public ModelConfig {
        positive("layers", layers);
        positive("dModel", dModel);
        positive("heads", heads);
        positive("kvHeads", kvHeads);
        positive("headDim", headDim);
        positive("ffn", ffn);
        positive("vocabSize", vocabSize);
        positive("contextLength", contextLength);
        if (heads % kvHeads != 0) {
            throw new ModelLoadException("heads (" + heads + ") must be a multiple of kvHeads (" + kvHeads + ")");
        }
        if (headDim % 2 != 0) {
            throw new ModelLoadException("headDim must be even for RoPE, got " + headDim);
        }
        if (slidingWindow < 0 || slidingWindowPeriod < 0) {
            throw new ModelLoadException("sliding window and its period must be >= 0");
        }
        if (!(ropeScale > 0) || !(ropeBase > 0) || !(ropeBaseLocal > 0) || !(normEps > 0)) {
            throw new ModelLoadException("rope bases, rope scale and norm epsilon must be positive");
        }
    }

    private static void positive(String what, int v) {
        if (v <= 0) {
            throw new ModelLoadException(what + " must be positive, got " + v);
        }
    }

    /** Whether layer {@code l} uses the sliding window (local attention). */
    public boolean isLocal(int l) {
        return slidingWindow > 0 && slidingWindowPeriod > 0 && (l + 1) % slidingWindowPeriod != 0;
    }

    /** Query width heads·headDim. */
    public int qDim() {
        return heads * headDim;
    }

    /** Key/value width kvHeads·headDim. */
    public int kvDim() {
        return kvHeads * headDim;
    }

    /** A copy with another context length. */
    public ModelConfig withContextLength(int n) {
        return new ModelConfig(architecture, layers, dModel, heads, kvHeads, headDim, ffn, vocabSize, n, normEps,
                activation, slidingWindow, slidingWindowPeriod, ropeBase, ropeBaseLocal, ropeScale, ropeStyle,
                queryScale, attnSoftcap, finalSoftcap, qkNorm, postNorms, embeddingScale, tiedEmbeddings);
    }

    /** A copy with another vocabulary size and tying. */
    public ModelConfig withVocab(int vocab, boolean tied) {
        return new ModelConfig(architecture, layers, dModel, heads, kvHeads, headDim, ffn, vocab, contextLength,
                normEps, activation, slidingWindow, slidingWindowPeriod, ropeBase, ropeBaseLocal, ropeScale, ropeStyle,
                queryScale, attnSoftcap, finalSoftcap, qkNorm, postNorms, embeddingScale, tied);
    }

    /**
     * The family defaults for an architecture: everything that GGUF files do not state because
     * llama.cpp hard-codes it per architecture. Sizes are the caller's.
     *
     * <p>Gemma's embedding scale is the exact f32 √d, as llama.cpp computes it, not the bf16-rounded
     * value of the JAX reference and gemma.cpp (SPEC-gemma §2.1, §11.2): GGUF files come from
     * llama.cpp's converter and our golden logits from llama.cpp, and the rounding would move every
     * activation by up to 0.3% (Gemma 2 9B: 59.8665 vs 59.75), far beyond the 1e-4 agreement.
     */
    public static ModelConfig of(Architecture arch, int layers, int dModel, int heads, int kvHeads, int headDim,
            int ffn, int vocab, int context, int slidingWindow, float ropeBase, float ropeScale, boolean tied) {
        return switch (arch) {
            case GEMMA -> new ModelConfig(arch, layers, dModel, heads, kvHeads, headDim, ffn, vocab, context, 1e-6f,
                    Activation.GELU_TANH, 0, 0, ropeBase, ropeBase, 1f, RopeStyle.NEOX, gemmaQueryScale(arch, layers,
                    dModel, heads, headDim), 0f, 0f, false, false, (float) Math.sqrt(dModel), tied);
            case GEMMA2 -> new ModelConfig(arch, layers, dModel, heads, kvHeads, headDim, ffn, vocab, context, 1e-6f,
                    Activation.GELU_TANH, slidingWindow, 2, ropeBase, ropeBase, 1f, RopeStyle.NEOX,
                    gemmaQueryScale(arch, layers, dModel, heads, headDim), 50f, 30f, false, true,
                    (float) Math.sqrt(dModel), tied);
            case GEMMA3 -> new ModelConfig(arch, layers, dModel, heads, kvHeads, headDim, ffn, vocab, context, 1e-6f,
                    Activation.GELU_TANH, slidingWindow, 6, ropeBase, 10_000f, ropeScale, RopeStyle.NEOX,
                    gemmaQueryScale(arch, layers, dModel, heads, headDim), 0f, 0f, true, true,
                    (float) Math.sqrt(dModel), tied);
            case LLAMA -> new ModelConfig(arch, layers, dModel, heads, kvHeads, headDim, ffn, vocab, context, 1e-5f,
                    Activation.SILU, 0, 0, ropeBase, ropeBase, ropeScale, RopeStyle.NORM,
                    (float) (1 / Math.sqrt(headDim)), 0f, 0f, false, false, 1f, tied);
        };
    }

    /**
     * Gemma's query scale: 1/sqrt(headDim), except the 27B models (Gemma 2: 46 layers, Gemma 3:
     * 62 layers) that use 1/sqrt(dModel/heads). llama.cpp picks by layer count too (SPEC §11.3).
     */
    static float gemmaQueryScale(Architecture arch, int layers, int dModel, int heads, int headDim) {
        boolean is27b = (arch == Architecture.GEMMA2 && layers == 46) || (arch == Architecture.GEMMA3 && layers == 62);
        return (float) (1 / Math.sqrt(is27b ? (double) dModel / heads : headDim));
    }

    /**
     * Reads a config from GGUF metadata with llama.cpp's rules and defaults. {@code vocabRows} is
     * the row count of {@code token_embd.weight} (the authoritative vocabulary size) and
     * {@code hasOutput} whether the file carries a separate {@code output.weight}.
     */
    public static ModelConfig fromGguf(GgufMetadata md, int vocabRows, boolean hasOutput) {
        Architecture arch = Architecture.fromGguf(md.getString("general.architecture"));
        String a = arch.ggufName() + ".";
        int d = md.getInt(a + "embedding_length");
        int heads = md.getInt(a + "attention.head_count");
        int kvHeads = md.getInt(a + "attention.head_count_kv", heads);
        int headDim = md.getInt(a + "attention.key_length", d / heads);
        int layers = md.getInt(a + "block_count");
        int ffn = ffnLength(md, a + "feed_forward_length");
        int ctx = md.getInt(a + "context_length", 2048);
        float base = md.getFloat(a + "rope.freq_base", 10_000f);
        float scale = 1f;
        if (md.has(a + "rope.scaling.type")) {
            String type = md.getString(a + "rope.scaling.type");
            float factor = md.getFloat(a + "rope.scaling.factor", 1f);
            if (type.equals("linear")) {
                scale = factor;
            } else if (!type.equals("none") && factor != 1f) {
                throw new ModelLoadException("RoPE scaling type '" + type + "' is not supported (supported: linear)");
            }
        }
        int window = md.getInt(a + "attention.sliding_window", 0);
        ModelConfig c = of(arch, layers, d, heads, kvHeads, headDim, ffn, vocabRows, ctx, window, base, scale, !hasOutput);
        float eps = md.getFloat(a + "attention.layer_norm_rms_epsilon", c.normEps);
        int period = md.has(a + "attention.sliding_window_pattern")
                ? slidingWindowPeriod(md, a + "attention.sliding_window_pattern", layers)
                : c.slidingWindowPeriod;
        float baseLocal = md.getFloat(a + "rope.freq_base_swa", c.ropeBaseLocal);
        float attnCap = md.getFloat(a + "attn_logit_softcapping", c.attnSoftcap);
        float finalCap = md.getFloat(a + "final_logit_softcapping", arch == Architecture.GEMMA3 ? 0f : c.finalSoftcap);
        if (arch == Architecture.LLAMA && md.has(a + "rope.dimension_count")
                && md.getInt(a + "rope.dimension_count") != headDim) {
            throw new ModelLoadException("partial rotary embeddings (rope.dimension_count "
                    + md.getInt(a + "rope.dimension_count") + " < head size " + headDim + ") are not supported");
        }
        return new ModelConfig(arch, layers, d, heads, kvHeads, headDim, ffn, vocabRows, ctx, eps, c.activation,
                window, period, base, baseLocal, scale, c.ropeStyle, c.queryScale, attnCap, finalCap, c.qkNorm,
                c.postNorms, c.embeddingScale, c.tiedEmbeddings);
    }

    /**
     * The local/global period from {@code sliding_window_pattern}: a u32 period, or (newer
     * llama.cpp writers) one bool per layer, true = sliding window. A bool array is accepted when it
     * is the periodic pattern this config can state (layer l local iff (l + 1) % period != 0).
     */
    private static int slidingWindowPeriod(GgufMetadata md, String key, int layers) {
        boolean isArray = md.get(key).map(v -> v.type() == org.pollux.gguf.GgufType.ARRAY).orElse(false);
        if (!isArray) {
            return md.getInt(key);
        }
        GgufValue.GgufArray arr = md.getArray(key);
        if (arr.elementType() != org.pollux.gguf.GgufType.BOOL || arr.length() != layers) {
            throw new ModelLoadException("metadata key '" + key + "' must be a u32 period or " + layers
                    + " bools (one per layer), got " + arr);
        }
        boolean[] local = (boolean[]) arr.values();
        int firstGlobal = 0;
        while (firstGlobal < layers && local[firstGlobal]) {
            firstGlobal++;
        }
        int period = firstGlobal == layers ? 0 : firstGlobal + 1;
        for (int l = 0; l < layers; l++) {
            boolean expected = period > 0 && (l + 1) % period != 0;
            if (local[l] != expected) {
                throw new ModelLoadException("metadata key '" + key + "': layer " + l + " is "
                        + (local[l] ? "local" : "global") + ", which does not follow a period of " + period
                        + " (only periodic local/global patterns with a global layer ending each period are supported)");
            }
        }
        return period;
    }

    private static int ffnLength(GgufMetadata md, String key) {
        if (md.get(key).map(v -> v.type() == org.pollux.gguf.GgufType.ARRAY).orElse(false)) {
            int[] perLayer = md.getIntArray(key);
            for (int f : perLayer) {
                if (f != perLayer[0]) {
                    throw new ModelLoadException("per-layer feed_forward_length values differ; not supported");
                }
            }
            return perLayer[0];
        }
        return md.getInt(key);
    }

    /** The architecture keys llama.cpp reads for this config (tokenizer keys are separate). */
    public Map<String, GgufValue> toGgufMetadata() {
        String a = architecture.ggufName() + ".";
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("general.architecture", GgufValue.ofString(architecture.ggufName()));
        m.put(a + "context_length", GgufValue.ofU32(contextLength));
        m.put(a + "embedding_length", GgufValue.ofU32(dModel));
        m.put(a + "block_count", GgufValue.ofU32(layers));
        m.put(a + "feed_forward_length", GgufValue.ofU32(ffn));
        m.put(a + "attention.head_count", GgufValue.ofU32(heads));
        m.put(a + "attention.head_count_kv", GgufValue.ofU32(kvHeads));
        m.put(a + "attention.key_length", GgufValue.ofU32(headDim));
        m.put(a + "attention.value_length", GgufValue.ofU32(headDim));
        m.put(a + "attention.layer_norm_rms_epsilon", GgufValue.ofF32(normEps));
        m.put(a + "rope.freq_base", GgufValue.ofF32(ropeBase));
        if (architecture == Architecture.LLAMA) {
            m.put(a + "rope.dimension_count", GgufValue.ofU32(headDim));
        }
        if (slidingWindow > 0) {
            m.put(a + "attention.sliding_window", GgufValue.ofU32(slidingWindow));
            m.put(a + "rope.freq_base_swa", GgufValue.ofF32(ropeBaseLocal));
            // llama.cpp hard-codes the period per family; write it only when it differs (as a u32).
            if (slidingWindowPeriod != of(architecture, layers, dModel, heads, kvHeads, headDim, ffn, vocabSize,
                    contextLength, slidingWindow, ropeBase, ropeScale, tiedEmbeddings).slidingWindowPeriod) {
                m.put(a + "attention.sliding_window_pattern", GgufValue.ofU32(slidingWindowPeriod));
            }
        }
        if (ropeScale != 1f) {
            m.put(a + "rope.scaling.type", GgufValue.ofString("linear"));
            m.put(a + "rope.scaling.factor", GgufValue.ofF32(ropeScale));
        }
        if (attnSoftcap > 0) {
            m.put(a + "attn_logit_softcapping", GgufValue.ofF32(attnSoftcap));
        }
        if (finalSoftcap > 0) {
            m.put(a + "final_logit_softcapping", GgufValue.ofF32(finalSoftcap));
        }
        return m;
    }
}
