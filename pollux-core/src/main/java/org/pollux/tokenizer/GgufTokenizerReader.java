package org.pollux.tokenizer;

import static org.pollux.tokenizer.GgufTokenizerKeys.*;

import org.pollux.gguf.GgufException;
import org.pollux.gguf.GgufMetadata;

/**
 * Builds a tokenizer from llama.cpp's GGUF tokenizer keys. {@code tokenizer.ggml.model = "llama"}
 * gives SentencePiece BPE (defaults as llama.cpp: BOS 1, EOS 2, UNK 0, add BOS, add space prefix);
 * {@code "gpt2"} gives byte-level BPE with {@code tokenizer.ggml.merges} (no BOS by default). Any
 * other model is rejected by name.
 */
final class GgufTokenizerReader {
    private static final String SOURCE = "GGUF tokenizer metadata";
    /** llama.cpp writes 0xFFFFFFFF (u32 -1) for "no such token". */
    private static final long U32_NONE = 0xFFFF_FFFFL;

    private GgufTokenizerReader() {}

    static Tokenizer read(GgufMetadata md) {
        try {
            if (!md.has(MODEL)) {
                throw new TokenizerException(SOURCE, "missing key '" + MODEL + "'");
            }
            String model = md.getString(MODEL);
            return switch (model) {
                case MODEL_LLAMA -> sentencePiece(md);
                case MODEL_GPT2 -> gpt2(md);
                default -> throw new TokenizerException(SOURCE, "'" + MODEL + "' = '" + model
                        + "' is not supported; supported: 'llama' (SentencePiece BPE), 'gpt2' (byte-level BPE)");
            };
        } catch (GgufException e) {
            throw new TokenizerException(SOURCE, e.getMessage(), e);
        }
    }

    private static SentencePieceBpeTokenizer sentencePiece(GgufMetadata md) {
        Vocabulary vocab = vocabulary(md, 1, 2, 0);
        return new SentencePieceBpeTokenizer(vocab, md.getBoolean(ADD_BOS, true), md.getBoolean(ADD_SPACE_PREFIX, true));
    }

    private static Gpt2BpeTokenizer gpt2(GgufMetadata md) {
        Vocabulary vocab = vocabulary(md, Vocabulary.NONE, Vocabulary.NONE, Vocabulary.NONE);
        if (!md.has(MERGES)) {
            throw new TokenizerException(SOURCE, "missing key '" + MERGES + "' required by the gpt2 tokenizer");
        }
        String[] merges = md.getStringArray(MERGES);
        MergeTable table = new MergeTable(merges.length);
        for (int i = 0; i < merges.length; i++) {
            String m = merges[i];
            int space = m.indexOf(' ', 1);
            if (space < 0) {
                throw new TokenizerException(SOURCE, MERGES + "[" + i + "] = '" + m + "' is not 'left right'");
            }
            MergeLists.add(table, vocab, m.substring(0, space), m.substring(space + 1), SOURCE + " " + MERGES, i);
        }
        ByteLevelPreTokenizer pre = ByteLevelPreTokenizer.forGgufName(md.getString(PRE, null));
        return new Gpt2BpeTokenizer(vocab, table, pre, md.getBoolean(ADD_BOS, false));
    }

    private static Vocabulary vocabulary(GgufMetadata md, int defaultBos, int defaultEos, int defaultUnk) {
        if (!md.has(TOKENS)) {
            throw new TokenizerException(SOURCE, "missing key '" + TOKENS + "'");
        }
        String[] tokens = md.getStringArray(TOKENS);
        float[] scores = md.has(SCORES) ? md.getFloatArray(SCORES) : null;
        TokenType[] types = null;
        if (md.has(TOKEN_TYPE)) {
            int[] codes = md.getIntArray(TOKEN_TYPE);
            types = new TokenType[codes.length];
            for (int i = 0; i < codes.length; i++) {
                types[i] = TokenType.fromCode(codes[i]);
                if (types[i] == null) {
                    throw new TokenizerException(SOURCE, TOKEN_TYPE + "[" + i + "] = " + codes[i]
                            + " is not a token type (1..6)");
                }
            }
        }
        return new Vocabulary(SOURCE, tokens, scores, types, specialId(md, BOS_ID, defaultBos),
                specialId(md, EOS_ID, defaultEos), specialId(md, UNK_ID, defaultUnk),
                specialId(md, PAD_ID, Vocabulary.NONE));
    }

    private static int specialId(GgufMetadata md, String key, int fallback) {
        if (!md.has(key)) {
            return fallback;
        }
        long v = md.getLong(key);
        if (v == -1 || v == U32_NONE) {
            return Vocabulary.NONE;
        }
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new TokenizerException(SOURCE, "'" + key + "' = " + v + " is not a token id");
        }
        return (int) v;
    }
}
