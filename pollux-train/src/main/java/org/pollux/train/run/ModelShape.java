package org.pollux.train.run;

import org.pollux.model.Architecture;
import org.pollux.model.ModelConfig;
import org.pollux.train.model.TrainPresets;

/**
 * The model's shape: a {@link TrainPresets} name, or explicit sizes for a Gemma 3 decoder (tied
 * embeddings, 5 local : 1 global layers). The vocabulary size always comes from the tokenizer.
 *
 * @param preset preset name, or null for explicit sizes
 * @param window local attention window (explicit sizes only; 0 = the context length)
 */
public record ModelShape(String preset, int layers, int dModel, int heads, int kvHeads, int headDim, int ffn,
        int context, int window) {

    /** The shape of a preset. */
    public static ModelShape preset(String name) {
        ModelConfig c = TrainPresets.get(name);
        return new ModelShape(name, c.layers(), c.dModel(), c.heads(), c.kvHeads(), c.headDim(), c.ffn(),
                c.contextLength(), c.slidingWindow());
    }

    /** The model config with a vocabulary of {@code vocab} pieces. */
    public ModelConfig resolve(int vocab) {
        if (preset != null) {
            ModelConfig c = TrainPresets.get(preset);
            return c.vocabSize() == vocab ? c : c.withVocab(vocab, true);
        }
        return ModelConfig.of(Architecture.GEMMA3, layers, dModel, heads, kvHeads, headDim, ffn, vocab, context,
                window == 0 ? context : window, 1e6f, 1f, true);
    }
}
