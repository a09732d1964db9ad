package org.pollux.tokenizer;

import java.util.OptionalInt;

/** What every vocabulary-based tokenizer shares: the vocabulary, special ids and the special-token splitter. */
abstract class VocabularyTokenizer implements Tokenizer {
    protected final Vocabulary vocab;
    protected final int bos;
    protected final int eos;
    protected final boolean addBos;
    protected final SpecialTokenSplitter splitter;

    VocabularyTokenizer(Vocabulary vocab, int bos, int eos, boolean addBos) {
        this.vocab = vocab;
        this.bos = checkId(vocab, bos, "BOS");
        this.eos = checkId(vocab, eos, "EOS");
        this.addBos = addBos;
        this.splitter = new SpecialTokenSplitter(vocab);
    }

    static int checkId(Vocabulary v, int id, String what) {
        if (id < 0 || id >= v.size()) {
            throw new TokenizerException(what + " id " + id + " is outside the vocabulary of " + v.size());
        }
        return id;
    }

    public Vocabulary vocabulary() {
        return vocab;
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }

    @Override
    public boolean addBosByDefault() {
        return addBos;
    }

    @Override
    public String piece(int id) {
        return vocab.piece(id);
    }

    @Override
    public OptionalInt tokenId(String piece) {
        return vocab.id(piece);
    }

    @Override
    public int bosId() {
        return bos;
    }

    @Override
    public int eosId() {
        return eos;
    }

    @Override
    public boolean isControl(int id) {
        return vocab.type(id) == TokenType.CONTROL;
    }
}
