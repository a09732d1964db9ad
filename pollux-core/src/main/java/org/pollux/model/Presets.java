package org.pollux.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named model shapes. The full presets are the real published shapes (SPEC-gemma §1.1; Llama 3.2
 * 1B from its config), used to make random-weight models for benchmarks; each has a tiny twin with
 * the same structure (same architecture, head grouping, local/global pattern) for tests.
 */
public final class Presets {
    private static final Map<String, ModelConfig> FULL = new LinkedHashMap<>();
    private static final Map<String, ModelConfig> TINY = new LinkedHashMap<>();

    static {
        // name, arch, layers, d, heads, kv, headDim, ffn, vocab, ctx, window, ropeBase, ropeScale
        add("gemma-3-1b", Architecture.GEMMA3, 26, 1152, 4, 1, 256, 6912, 262_144, 32_768, 512, 1e6f, 1f);
        add("gemma-3-270m", Architecture.GEMMA3, 18, 640, 4, 1, 256, 2048, 262_144, 32_768, 512, 1e6f, 1f);
        add("gemma-3-4b", Architecture.GEMMA3, 34, 2560, 8, 4, 256, 10_240, 262_144, 131_072, 1024, 1e6f, 8f);
        add("gemma-2-2b", Architecture.GEMMA2, 26, 2304, 8, 4, 256, 9216, 256_000, 8192, 4096, 1e4f, 1f);
        add("gemma-1-2b", Architecture.GEMMA, 18, 2048, 8, 1, 256, 16_384, 256_000, 8192, 0, 1e4f, 1f);
        add("llama-3.2-1b", Architecture.LLAMA, 16, 2048, 32, 8, 64, 8192, 128_256, 131_072, 0, 500_000f, 1f);
        tiny("gemma-3-1b", Architecture.GEMMA3, 6, 64, 4, 1, 16, 128, 512, 256, 8, 1e6f, 1f);
        tiny("gemma-3-270m", Architecture.GEMMA3, 6, 48, 4, 1, 16, 96, 384, 256, 8, 1e6f, 1f);
        tiny("gemma-3-4b", Architecture.GEMMA3, 6, 64, 4, 2, 16, 128, 512, 256, 8, 1e6f, 8f);
        tiny("gemma-2-2b", Architecture.GEMMA2, 4, 64, 4, 2, 16, 128, 512, 256, 8, 1e4f, 1f);
        tiny("gemma-1-2b", Architecture.GEMMA, 3, 64, 4, 1, 16, 128, 512, 256, 0, 1e4f, 1f);
        tiny("llama-3.2-1b", Architecture.LLAMA, 3, 64, 8, 2, 8, 160, 512, 256, 0, 500_000f, 1f);
    }

    private Presets() {}

    private static void add(String name, Architecture a, int l, int d, int h, int kv, int hd, int ffn, int vocab,
            int ctx, int window, float base, float scale) {
        FULL.put(name, ModelConfig.of(a, l, d, h, kv, hd, ffn, vocab, ctx, window, base, scale, true));
    }

    private static void tiny(String name, Architecture a, int l, int d, int h, int kv, int hd, int ffn, int vocab,
            int ctx, int window, float base, float scale) {
        TINY.put(name, ModelConfig.of(a, l, d, h, kv, hd, ffn, vocab, ctx, window, base, scale, true));
    }

    /** Names of every preset, in a stable order. */
    public static java.util.Set<String> names() {
        return Collections.unmodifiableSet(FULL.keySet());
    }

    /** The real-size preset; {@code tiny-NAME} gives its tiny twin. */
    public static ModelConfig get(String name) {
        if (name.startsWith("tiny-") && TINY.containsKey(name.substring(5))) {
            return TINY.get(name.substring(5));
        }
        ModelConfig c = FULL.get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown preset '" + name + "' (known: " + String.join(", ", FULL.keySet())
                    + ", and tiny-NAME for each)");
        }
        return c;
    }

    /** The tiny twin of a preset. */
    public static ModelConfig tiny(String name) {
        get(name);
        return TINY.get(name);
    }
}
