package org.pollux.tokenizer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Pieces, scores and types of a vocabulary, with the reverse index. Shared by every tokenizer.
 */
public final class Vocabulary {
    private final String[] pieces;
    private final float[] scores;
    private final TokenType[] types;
    private final Map<String, Integer> ids;

    public Vocabulary(String[] pieces, float[] scores, TokenType[] types) {
        if (scores.length != pieces.length || types.length != pieces.length) {
            throw new TokenizerException("vocabulary arrays differ in length: " + pieces.length + " pieces, "
                    + scores.length + " scores, " + types.length + " types");
        }
        if (pieces.length == 0) {
            throw new TokenizerException("empty vocabulary");
        }
        this.pieces = pieces.clone();
        this.scores = scores.clone();
        this.types = types.clone();
        this.ids = new HashMap<>(pieces.length * 2);
        for (int i = 0; i < pieces.length; i++) {
            if (pieces[i] == null) {
                throw new TokenizerException("piece " + i + " is missing");
            }
            // First occurrence wins, as in llama.cpp; duplicates exist in some real vocabularies.
            ids.putIfAbsent(pieces[i], i);
        }
    }

    public int size() {
        return pieces.length;
    }

    public String piece(int id) {
        check(id);
        return pieces[id];
    }

    public float score(int id) {
        check(id);
        return scores[id];
    }

    public TokenType type(int id) {
        check(id);
        return types[id];
    }

    public OptionalInt id(String piece) {
        Integer i = ids.get(piece);
        return i == null ? OptionalInt.empty() : OptionalInt.of(i);
    }

    /** -1 when absent (hot path). */
    int idOrMinusOne(String piece) {
        Integer i = ids.get(piece);
        return i == null ? -1 : i;
    }

    String[] pieces() {
        return pieces.clone();
    }

    float[] scores() {
        return scores.clone();
    }

    TokenType[] types() {
        return types.clone();
    }

    private void check(int id) {
        if (id < 0 || id >= pieces.length) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + pieces.length + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && Arrays.equals(pieces, v.pieces) && Arrays.equals(scores, v.scores)
                && Arrays.equals(types, v.types);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pieces);
    }
}
