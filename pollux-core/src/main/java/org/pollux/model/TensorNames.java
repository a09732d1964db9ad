package org.pollux.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one table of weight names and shapes (llama.cpp's GGUF names), shared by the loader, the
 * exporters and the trainer. Shapes are in ggml order: {@code [row length, rows]}, so a matrix
 * that maps d → n is {@code [d, n]}.
 */
public final class TensorNames {
    public static final String TOKEN_EMBD = "token_embd.weight";
    public static final String OUTPUT_NORM = "output_norm.weight";
    public static final String OUTPUT = "output.weight";
    /**
     * Optional Llama 3.1+ RoPE frequency factors, shape [headDim / 2] ({@link RopeFrequencies}):
     * not in {@link #expectedShapes} because models without long-context scaling do not have it.
     */
    public static final String ROPE_FREQS = "rope_freqs.weight";

    /** Per-block tensors; {@link #name(int)} gives {@code blk.N.<suffix>.weight}. */
    public enum Layer {
        ATTN_NORM("attn_norm"),
        ATTN_Q("attn_q"),
        ATTN_K("attn_k"),
        ATTN_V("attn_v"),
        ATTN_Q_NORM("attn_q_norm"),
        ATTN_K_NORM("attn_k_norm"),
        ATTN_OUTPUT("attn_output"),
        POST_ATTENTION_NORM("post_attention_norm"),
        FFN_NORM("ffn_norm"),
        FFN_GATE("ffn_gate"),
        FFN_UP("ffn_up"),
        FFN_DOWN("ffn_down"),
        POST_FFW_NORM("post_ffw_norm");

        private final String suffix;

        Layer(String suffix) {
            this.suffix = suffix;
        }

        public String name(int layer) {
            return "blk." + layer + "." + suffix + ".weight";
        }

        /** Whether a model of this config has this tensor in each block. */
        public boolean presentIn(ModelConfig c) {
            return switch (this) {
                case ATTN_Q_NORM, ATTN_K_NORM -> c.qkNorm();
                case POST_ATTENTION_NORM, POST_FFW_NORM -> c.postNorms();
                default -> true;
            };
        }

        /** Expected ggml shape in a model of this config. */
        public long[] shape(ModelConfig c) {
            long d = c.dModel();
            return switch (this) {
                case ATTN_NORM, POST_ATTENTION_NORM, FFN_NORM, POST_FFW_NORM -> new long[] {d};
                case ATTN_Q_NORM, ATTN_K_NORM -> new long[] {c.headDim()};
                case ATTN_Q -> new long[] {d, c.qDim()};
                case ATTN_K, ATTN_V -> new long[] {d, c.kvDim()};
                case ATTN_OUTPUT -> new long[] {c.qDim(), d};
                case FFN_GATE, FFN_UP -> new long[] {d, c.ffn()};
                case FFN_DOWN -> new long[] {c.ffn(), d};
            };
        }

        public boolean isNorm() {
            return suffix.endsWith("norm");
        }
    }

    private TensorNames() {}

    /** Every tensor a model of this config has, with its shape, in llama.cpp's file order. */
    public static Map<String, long[]> expectedShapes(ModelConfig c) {
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put(TOKEN_EMBD, new long[] {c.dModel(), c.vocabSize()});
        for (int l = 0; l < c.layers(); l++) {
            for (Layer t : Layer.values()) {
                if (t.presentIn(c)) {
                    m.put(t.name(l), t.shape(c));
                }
            }
        }
        m.put(OUTPUT_NORM, new long[] {c.dModel()});
        if (!c.tiedEmbeddings()) {
            m.put(OUTPUT, new long[] {c.dModel(), c.vocabSize()});
        }
        return m;
    }

    /** Shape of the optional {@link #ROPE_FREQS} tensor: one factor per rotated pair. */
    public static long[] ropeFreqsShape(ModelConfig c) {
        return new long[] {c.headDim() / 2};
    }

    /** Whether a tensor of this name is a norm weight (kept in F32 by quantizers). */
    public static boolean isNorm(String name) {
        return name.endsWith("norm.weight");
    }
}
