package org.pollux.convert;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pollux.gguf.GgufType;
import org.pollux.gguf.GgufValue;
import org.pollux.model.ModelConfig;

/**
 * A SentencePiece-style vocabulary of any size, for random-weight models: the architecture's
 * special tokens at their usual ids, the 256 byte-fallback pieces, then made-up pieces
 * ({@code ▁t42}). llama.cpp loads it like a real "llama" tokenizer; text encodes through the byte
 * pieces, so any string round-trips.
 */
public final class SyntheticVocabulary {
    private SyntheticVocabulary() {}

    public static Map<String, GgufValue> gguf(ModelConfig c) {
        int vocab = c.vocabSize();
        String[] specials = c.architecture().isGemma()
                ? new String[] {"<pad>", "<eos>", "<bos>", "<unk>", "<start_of_turn>", "<end_of_turn>"}
                : new String[] {"<unk>", "<s>", "</s>"};
        if (vocab < specials.length + 257) {
            throw new IllegalArgumentException("vocabulary of " + vocab + " is too small for byte fallback");
        }
        String[] tokens = new String[vocab];
        float[] scores = new float[vocab];
        long[] types = new long[vocab];
        int i = 0;
        for (String s : specials) {
            tokens[i] = s;
            types[i] = s.equals("<unk>") ? 2 : 3;
            i++;
        }
        for (int b = 0; b < 256; b++, i++) {
            tokens[i] = String.format("<0x%02X>", b);
            types[i] = 6;
        }
        // The word boundary itself must be a piece, or spaces would decode as '▁'.
        tokens[i] = "\u2581";
        types[i++] = 1;
        for (int k = 0; i < vocab; i++, k++) {
            tokens[i] = "\u2581t" + k;
            scores[i] = -1 - k;
            types[i] = 1;
        }
        boolean gemma = c.architecture().isGemma();
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("tokenizer.ggml.model", GgufValue.ofString("llama"));
        m.put("tokenizer.ggml.pre", GgufValue.ofString("default"));
        m.put("tokenizer.ggml.tokens", GgufValue.ofArray(GgufValue.GgufArray.ofStrings(tokens)));
        m.put("tokenizer.ggml.scores", GgufValue.ofArray(GgufValue.GgufArray.ofFloats(scores)));
        m.put("tokenizer.ggml.token_type", GgufValue.ofArray(GgufValue.GgufArray.ofInts(GgufType.INT32, types)));
        m.put("tokenizer.ggml.bos_token_id", GgufValue.ofU32(gemma ? 2 : 1));
        m.put("tokenizer.ggml.eos_token_id", GgufValue.ofU32(gemma ? 1 : 2));
        m.put("tokenizer.ggml.unknown_token_id", GgufValue.ofU32(gemma ? 3 : 0));
        if (gemma) {
            m.put("tokenizer.ggml.padding_token_id", GgufValue.ofU32(0));
        }
        m.put("tokenizer.ggml.add_bos_token", GgufValue.ofBool(true));
        m.put("tokenizer.ggml.add_eos_token", GgufValue.ofBool(false));
        m.put("tokenizer.ggml.add_space_prefix", GgufValue.ofBool(!gemma));
        return m;
    }
}
