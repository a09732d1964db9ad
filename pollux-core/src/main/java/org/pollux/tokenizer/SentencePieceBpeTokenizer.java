package org.pollux.tokenizer;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pollux.gguf.GgufType;
import org.pollux.gguf.GgufValue;
import org.pollux.gguf.GgufValue.GgufArray;

/**
 * SentencePiece BPE as llama.cpp runs it for {@code tokenizer.ggml.model = "llama"} (LLaMA 1/2,
 * Gemma GGUFs, llama2.c, SentencePiece {@code .model} files of type BPE).
 *
 * <p>Per raw-text fragment: optionally prepend a space, replace spaces with ▁, start from one symbol
 * per Unicode character, then repeatedly merge the adjacent pair whose concatenation is a vocabulary
 * piece with the highest score (ties → leftmost). Characters that never became a piece are emitted as
 * {@code <0xNN>} byte pieces (or {@code <unk>} without byte fallback).
 */
public final class SentencePieceBpeTokenizer extends BaseTokenizer {
    private final boolean addSpacePrefix;
    private final BpeSymbols.MergeRule scoreRule;

    public SentencePieceBpeTokenizer(Vocabulary vocab, boolean addBosByDefault, boolean addSpacePrefix) {
        super(vocab, addBosByDefault);
        this.addSpacePrefix = addSpacePrefix;
        this.scoreRule = (symbols, left, right) -> {
            int id = vocab.id(symbols.joinedText(left, right));
            return id == Vocabulary.NONE ? null : symbols.candidate(left, right, vocab.score(id), id);
        };
    }

    @Override
    void encodeText(String fragment, boolean afterSpecial, IntList out) {
        String text = SentencePieceText.escape(fragment, addSpacePrefix && afterSpecial);
        BpeSymbols symbols = new BpeSymbols(text, text.length());
        for (int i = 0; i < text.length(); ) {
            int end = i + Character.charCount(text.codePointAt(i));
            symbols.add(vocab.id(text.substring(i, end)), i, end);
            i = end;
        }
        symbols.mergeAll(scoreRule);
        symbols.forEach(s -> {
            int id = symbols.id(s);
            if (id != Vocabulary.NONE) {
                out.add(id);
            } else {
                appendUnknown(text.substring(symbols.start(s), symbols.end(s)), out);
            }
        });
    }

    @Override
    public byte[] tokenBytes(int id) {
        return vocab.sentencePieceBytes(id);
    }

    @Override
    public boolean addsSpacePrefix() {
        return addSpacePrefix;
    }

    /**
     * The llama.cpp tokenizer keys for this vocabulary ({@code tokenizer.ggml.*}), so a GGUF written
     * with them loads back into an identical tokenizer here and in llama.cpp.
     */
    public Map<String, GgufValue> toGgufMetadata() {
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put(GgufTokenizerKeys.MODEL, GgufValue.ofString(GgufTokenizerKeys.MODEL_LLAMA));
        m.put(GgufTokenizerKeys.PRE, GgufValue.ofString("default"));
        m.put(GgufTokenizerKeys.TOKENS, GgufValue.ofArray(GgufArray.ofStrings(vocab.pieces())));
        m.put(GgufTokenizerKeys.SCORES, GgufValue.ofArray(GgufArray.ofFloats(vocab.scores())));
        TokenType[] types = vocab.types();
        long[] codes = new long[types.length];
        for (int i = 0; i < types.length; i++) {
            codes[i] = types[i].code();
        }
        m.put(GgufTokenizerKeys.TOKEN_TYPE, GgufValue.ofArray(GgufArray.ofInts(GgufType.INT32, codes)));
        putId(m, GgufTokenizerKeys.BOS_ID, vocab.bosId());
        putId(m, GgufTokenizerKeys.EOS_ID, vocab.eosId());
        putId(m, GgufTokenizerKeys.UNK_ID, vocab.unkId());
        putId(m, GgufTokenizerKeys.PAD_ID, vocab.padId());
        m.put(GgufTokenizerKeys.ADD_BOS, GgufValue.ofBool(addBosByDefault()));
        m.put(GgufTokenizerKeys.ADD_EOS, GgufValue.ofBool(false));
        m.put(GgufTokenizerKeys.ADD_SPACE_PREFIX, GgufValue.ofBool(addSpacePrefix));
        return m;
    }

    private static void putId(Map<String, GgufValue> m, String key, int id) {
        if (id != Vocabulary.NONE) {
            m.put(key, GgufValue.ofU32(id));
        }
    }
}
