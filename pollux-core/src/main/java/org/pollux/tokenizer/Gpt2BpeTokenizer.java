package org.pollux.tokenizer;

import java.util.regex.Matcher;

/**
 * GPT-2 byte-level BPE ({@code tokenizer.ggml.model = "gpt2"}): a regex splits the text into words,
 * each word's UTF-8 bytes are mapped to visible characters ({@link ByteLevel}), and pairs are merged
 * in merge-list order (lowest rank first, ties → leftmost). Every byte is a piece, so nothing is
 * unknown.
 */
public final class Gpt2BpeTokenizer extends BaseTokenizer {
    private final MergeTable merges;
    private final ByteLevelPreTokenizer preTokenizer;

    Gpt2BpeTokenizer(Vocabulary vocab, MergeTable merges, ByteLevelPreTokenizer preTokenizer, boolean addBosByDefault) {
        super(vocab, addBosByDefault);
        this.merges = merges;
        this.preTokenizer = preTokenizer;
    }

    @Override
    void encodeText(String fragment, boolean afterSpecial, IntList out) {
        Matcher m = preTokenizer.pattern().matcher(fragment);
        while (m.find()) {
            encodeWord(ByteLevel.encode(m.group()), out);
        }
    }

    private void encodeWord(String word, IntList out) {
        if (preTokenizer.ignoreMerges()) {
            int whole = vocab.id(word);
            if (whole != Vocabulary.NONE) {
                out.add(whole);
                return;
            }
        }
        BpeSymbols symbols = new BpeSymbols(word, word.length());
        for (int i = 0; i < word.length(); i++) {
            int id = vocab.id(word.substring(i, i + 1));
            if (id == Vocabulary.NONE) {
                id = vocab.unkId();
                if (id == Vocabulary.NONE) {
                    throw new TokenizerException("byte-level BPE", String.format(
                            "the vocabulary has no piece for byte 0x%02X ('%c') and no <unk>",
                            ByteLevel.decode(word.substring(i, i + 1))[0] & 0xFF, word.charAt(i)));
                }
            }
            symbols.add(id, i, i + 1);
        }
        symbols.mergeAll(merges);
        symbols.forEach(s -> out.add(symbols.id(s)));
    }

    @Override
    public byte[] tokenBytes(int id) {
        return switch (vocab.type(id)) {
            case CONTROL, UNKNOWN, UNUSED -> new byte[0];
            case USER_DEFINED -> vocab.piece(id).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            case BYTE -> new byte[] {(byte) vocab.byteOf(id)};
            case NORMAL -> ByteLevel.decode(vocab.piece(id));
        };
    }

    /** Number of merges in the model. */
    public int mergeCount() {
        return merges.size();
    }
}
