package org.pollux.tokenizer;

import java.util.OptionalInt;

/**
 * What every tokenizer family shares: the vocabulary, special-token splitting, BOS handling and
 * id/piece lookups. Subclasses supply how one raw-text fragment becomes ids and what bytes a token
 * decodes to.
 */
abstract class BaseTokenizer implements Tokenizer {
    protected final Vocabulary vocab;
    private final SpecialTokenSplitter splitter;
    private final boolean addBosByDefault;

    BaseTokenizer(Vocabulary vocab, boolean addBosByDefault) {
        this.vocab = vocab;
        this.splitter = new SpecialTokenSplitter(vocab);
        this.addBosByDefault = addBosByDefault;
    }

    /**
     * Appends the ids of one raw-text fragment.
     *
     * @param afterSpecial whether the fragment starts the text or follows a special token (where a
     *     SentencePiece space prefix applies)
     */
    abstract void encodeText(String fragment, boolean afterSpecial, IntList out);

    @Override
    public final int[] encode(String text, boolean addBos, boolean parseSpecial) {
        IntList out = new IntList(text.length() / 3 + 2);
        if (addBos) {
            if (vocab.bosId() == Vocabulary.NONE) {
                throw new TokenizerException(getClass().getSimpleName(), "BOS requested but the vocabulary has no BOS id");
            }
            out.add(vocab.bosId());
        }
        boolean afterSpecial = true;
        for (SpecialTokenSplitter.Fragment f : splitter.split(text, parseSpecial)) {
            if (f.isToken()) {
                out.add(f.tokenId());
                afterSpecial = true;
            } else {
                encodeText(text.substring(f.start(), f.end()), afterSpecial, out);
                afterSpecial = false;
            }
        }
        return out.toArray();
    }

    /**
     * Ids for a character no piece covers: one byte-fallback piece per UTF-8 byte when all exist,
     * else a single {@code <unk>} (SentencePiece's behaviour without byte fallback).
     */
    final void appendUnknown(String character, IntList out) {
        byte[] bytes = character.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        boolean allBytes = true;
        for (byte b : bytes) {
            allBytes &= vocab.byteId(b) != Vocabulary.NONE;
        }
        if (allBytes) {
            for (byte b : bytes) {
                out.add(vocab.byteId(b));
            }
        } else if (vocab.unkId() != Vocabulary.NONE) {
            out.add(vocab.unkId());
        } else {
            throw new TokenizerException(getClass().getSimpleName(), String.format(
                    "cannot encode '%s' (U+%04X): no byte-fallback pieces and no <unk> piece",
                    character, character.codePointAt(0)));
        }
    }

    public final Vocabulary vocabulary() {
        return vocab;
    }

    @Override
    public final int vocabSize() {
        return vocab.size();
    }

    @Override
    public final boolean addBosByDefault() {
        return addBosByDefault;
    }

    @Override
    public final String piece(int id) {
        return vocab.piece(id);
    }

    @Override
    public final OptionalInt tokenId(String piece) {
        return vocab.find(piece);
    }

    @Override
    public final int bosId() {
        return vocab.bosId();
    }

    @Override
    public final int eosId() {
        return vocab.eosId();
    }

    @Override
    public final boolean isControl(int id) {
        return vocab.type(id) == TokenType.CONTROL;
    }
}
