package org.pollux.train.model;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pollux.model.Architecture;
import org.pollux.model.ModelConfig;

/**
 * Gemma 3 shapes for training from scratch (tied embeddings, every feature of the architecture:
 * QK-norm, post-norms, 5 local : 1 global layers with their two RoPE bases).
 *
 * <p>{@code train-s} and {@code train-m} match the benchmark configurations S and M of
 * ANCHORS.md (their nanoGPT baselines have a 4·d MLP; a GeGLU of width 8d/3 has the same
 * parameter count, so the models are the same size: 13.8M and 109.5M). Their window (512) is
 * Gemma 3 1B's and covers the whole context, so local layers cost what the baseline's causal
 * attention costs. {@code train-tiny} is the test size: 6 layers (so layer 5 is global), GQA
 * 4:2, window 8 — small enough for finite differences and overfitting in seconds.
 */
public final class TrainPresets {
    private static final Map<String, ModelConfig> PRESETS = new LinkedHashMap<>();

    static {
        // name, layers, d, heads, kv, headDim, ffn, vocab, ctx, window
        add("train-tiny", 6, 64, 4, 2, 16, 160, 512, 64, 8);
        add("train-s", 6, 384, 6, 6, 64, 1024, 8192, 256, 512);
        add("train-m", 12, 768, 12, 12, 64, 2048, 32_000, 512, 512);
    }

    private TrainPresets() {}

    private static void add(String name, int layers, int d, int heads, int kv, int hd, int ffn, int vocab, int ctx,
            int window) {
        PRESETS.put(name, ModelConfig.of(Architecture.GEMMA3, layers, d, heads, kv, hd, ffn, vocab, ctx, window, 1e6f,
                1f, true));
    }

    public static java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(PRESETS.keySet());
    }

    public static ModelConfig get(String name) {
        ModelConfig c = PRESETS.get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown training preset '" + name + "' (known: "
                    + String.join(", ", PRESETS.keySet()) + ")");
        }
        return c;
    }
}
