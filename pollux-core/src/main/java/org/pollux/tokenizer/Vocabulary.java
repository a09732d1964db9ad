package org.pollux.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * An immutable token vocabulary: piece text, score and type per id, the reverse piece → id map, the
 * byte-fallback table and the special ids. Shared by every tokenizer family; the merge algorithm is
 * elsewhere.
 */
public final class Vocabulary {
    /** Marks an absent special id (no BOS, no padding, ...). */
    public static final int NONE = -1;

    private final String[] pieces;
    private final float[] scores;
    private final TokenType[] types;
    private final Map<String, Integer> ids;
    private final int[] byteIds = new int[256];
    private final int bosId;
    private final int eosId;
    private final int unkId;
    private final int padId;

    /**
     * @param source names the origin in error messages
     * @param scores may be null (all zero)
     * @param types may be null (pieces of the form {@code <0xNN>} become BYTE, the rest NORMAL)
     */
    public Vocabulary(String source, String[] pieces, float[] scores, TokenType[] types,
                      int bosId, int eosId, int unkId, int padId) {
        int n = pieces.length;
        if (scores != null && scores.length != n) {
            throw new TokenizerException(source, n + " pieces but " + scores.length + " scores");
        }
        if (types != null && types.length != n) {
            throw new TokenizerException(source, n + " pieces but " + types.length + " token types");
        }
        this.pieces = pieces.clone();
        this.scores = scores == null ? new float[n] : scores.clone();
        this.types = new TokenType[n];
        this.ids = HashMap.newHashMap(n);
        Arrays.fill(byteIds, NONE);
        for (int i = 0; i < n; i++) {
            String p = pieces[i];
            if (p == null) {
                throw new TokenizerException(source, "piece " + i + " is null");
            }
            TokenType t = types == null ? (byteValue(p) >= 0 ? TokenType.BYTE : TokenType.NORMAL) : types[i];
            if (t == null) {
                throw new TokenizerException(source, "piece " + i + " ('" + p + "') has no token type");
            }
            this.types[i] = t;
            // First occurrence wins, as in llama.cpp and SentencePiece, when a file repeats a piece.
            ids.putIfAbsent(p, i);
            if (t == TokenType.BYTE) {
                int b = byteValue(p);
                if (b < 0) {
                    throw new TokenizerException(source, "byte token " + i + " is '" + p + "', expected <0xNN>");
                }
                if (byteIds[b] == NONE) {
                    byteIds[b] = i;
                }
            }
        }
        this.bosId = checkId(source, "BOS", bosId, n);
        this.eosId = checkId(source, "EOS", eosId, n);
        this.unkId = checkId(source, "UNK", unkId, n);
        this.padId = checkId(source, "padding", padId, n);
    }

    private Vocabulary(Vocabulary base, String source, int bosId, int eosId, int unkId, int padId) {
        int n = base.pieces.length;
        this.pieces = base.pieces;
        this.scores = base.scores;
        this.types = base.types;
        this.ids = base.ids;
        System.arraycopy(base.byteIds, 0, this.byteIds, 0, 256);
        this.bosId = checkId(source, "BOS", bosId, n);
        this.eosId = checkId(source, "EOS", eosId, n);
        this.unkId = checkId(source, "UNK", unkId, n);
        this.padId = checkId(source, "padding", padId, n);
    }

    /** The same pieces with other special ids (shares the tables; both are immutable). */
    public Vocabulary withSpecialIds(String source, int bosId, int eosId, int unkId, int padId) {
        return new Vocabulary(this, source, bosId, eosId, unkId, padId);
    }

    private static int checkId(String source, String what, int id, int n) {
        if (id != NONE && (id < 0 || id >= n)) {
            throw new TokenizerException(source, what + " id " + id + " is outside the vocabulary of " + n);
        }
        return id;
    }

    /** The byte a piece of the form {@code <0xNN>} (uppercase or lowercase hex) stands for, or -1. */
    static int byteValue(String piece) {
        if (piece.length() != 6 || !piece.startsWith("<0x") || piece.charAt(5) != '>') {
            return -1;
        }
        int hi = Character.digit(piece.charAt(3), 16);
        int lo = Character.digit(piece.charAt(4), 16);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    public int size() {
        return pieces.length;
    }

    public String piece(int id) {
        return pieces[check(id)];
    }

    public float score(int id) {
        return scores[check(id)];
    }

    public TokenType type(int id) {
        return types[check(id)];
    }

    /** Fails with the id and vocabulary size (a model may have more output rows than pieces). */
    private int check(int id) {
        if (id < 0 || id >= pieces.length) {
            throw new TokenizerException("vocabulary", "token id " + id + " is outside the vocabulary of " + pieces.length);
        }
        return id;
    }

    /** The id of a piece, or {@link #NONE}. */
    public int id(String piece) {
        Integer id = ids.get(piece);
        return id == null ? NONE : id;
    }

    public OptionalInt find(String piece) {
        Integer id = ids.get(piece);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** The id of the byte-fallback piece for {@code b} (0..255), or {@link #NONE}. */
    public int byteId(int b) {
        return byteIds[b & 0xFF];
    }

    /** The byte value of a BYTE token. */
    public int byteOf(int id) {
        return byteValue(pieces[check(id)]);
    }

    public int bosId() {
        return bosId;
    }

    public int eosId() {
        return eosId;
    }

    public int unkId() {
        return unkId;
    }

    public int padId() {
        return padId;
    }

    /** A copy of all pieces in id order. */
    public String[] pieces() {
        return pieces.clone();
    }

    /** A copy of all scores in id order. */
    public float[] scores() {
        return scores.clone();
    }

    /** A copy of all types in id order. */
    public TokenType[] types() {
        return types.clone();
    }

    /**
     * Bytes a SentencePiece-style piece contributes to text: ▁ becomes a space, byte pieces give
     * their byte, control / unknown / unused pieces give nothing.
     */
    byte[] sentencePieceBytes(int id) {
        return switch (type(id)) {
            case BYTE -> new byte[] {(byte) byteOf(id)};
            case CONTROL, UNKNOWN, UNUSED -> new byte[0];
            case NORMAL, USER_DEFINED -> pieces[id].replace(SentencePieceText.SPACE, ' ')
                    .getBytes(StandardCharsets.UTF_8);
        };
    }
}
