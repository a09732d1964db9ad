package org.pollux.tokenizer;

/**
 * The Hugging Face {@code tokenizers} BPE model as Gemma's {@code tokenizer.json} uses it: the text
 * is normalized (spaces → ▁, optionally a ▁ prepended), each character becomes its piece or, with
 * byte fallback, its {@code <0xNN>} byte pieces (else {@code <unk>}, a run of them fused into one with {@code fuse_unk}),
 * then pairs are merged in merge-list order (lowest rank first, ties → leftmost).
 */
public final class HfBpeTokenizer extends BaseTokenizer {
    private final MergeTable merges;
    private final boolean addSpacePrefix;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    private final boolean fuseUnknown;

    HfBpeTokenizer(Vocabulary vocab, MergeTable merges, boolean addBosByDefault, boolean addSpacePrefix,
                   boolean byteFallback, boolean ignoreMerges, boolean fuseUnknown) {
        super(vocab, addBosByDefault);
        this.merges = merges;
        this.addSpacePrefix = addSpacePrefix;
        this.byteFallback = byteFallback;
        this.ignoreMerges = ignoreMerges;
        this.fuseUnknown = fuseUnknown;
    }

    @Override
    void encodeText(String fragment, boolean afterSpecial, IntList out) {
        String text = SentencePieceText.escape(fragment, addSpacePrefix && afterSpecial);
        if (ignoreMerges) {
            int whole = vocab.id(text);
            if (whole != Vocabulary.NONE) {
                out.add(whole);
                return;
            }
        }
        BpeSymbols symbols = new BpeSymbols(text, text.length());
        boolean previousUnknown = false;
        for (int i = 0; i < text.length(); ) {
            int end = i + Character.charCount(text.codePointAt(i));
            String ch = text.substring(i, end);
            int id = vocab.id(ch);
            if (id != Vocabulary.NONE) {
                symbols.add(id, i, end);
                previousUnknown = false;
            } else if (byteFallback && addByteSymbols(ch, symbols, i, end)) {
                previousUnknown = false;
            } else {
                if (vocab.unkId() == Vocabulary.NONE) {
                    throw new TokenizerException("tokenizer.json BPE", String.format(
                            "cannot encode '%s' (U+%04X): not in the vocabulary, no byte fallback, no unk_token",
                            ch, ch.codePointAt(0)));
                }
                if (!(fuseUnknown && previousUnknown)) { // fuse_unk: a run of unknown characters is one <unk>
                    symbols.add(vocab.unkId(), i, end);
                }
                previousUnknown = true;
            }
            i = end;
        }
        symbols.mergeAll(merges);
        symbols.forEach(s -> out.add(symbols.id(s)));
    }

    private boolean addByteSymbols(String ch, BpeSymbols symbols, int start, int end) {
        byte[] bytes = ch.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (vocab.byteId(b) == Vocabulary.NONE) {
                return false;
            }
        }
        for (byte b : bytes) {
            symbols.add(vocab.byteId(b), start, end);
        }
        return true;
    }

    @Override
    public byte[] tokenBytes(int id) {
        return vocab.sentencePieceBytes(id);
    }

    @Override
    public boolean addsSpacePrefix() {
        return addSpacePrefix;
    }

    /** Number of merges in the model. */
    public int mergeCount() {
        return merges.size();
    }
}
