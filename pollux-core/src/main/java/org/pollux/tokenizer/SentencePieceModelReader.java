package org.pollux.tokenizer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a SentencePiece {@code .model} file (a serialized {@code ModelProto}) into a tokenizer.
 *
 * <p>Only a handful of fields matter (pieces with score and type; the trainer's model type and
 * special ids; the normalizer's dummy-prefix flag), so this is a minimal protobuf wire-format
 * reader written by hand rather than generated code plus the protobuf runtime for three messages.
 * Every read is bounds-checked and errors name the byte offset.
 */
final class SentencePieceModelReader {
    // ModelProto fields
    private static final int PIECES = 1;
    private static final int TRAINER_SPEC = 2;
    private static final int NORMALIZER_SPEC = 3;
    // SentencePiece fields
    private static final int PIECE = 1;
    private static final int SCORE = 2;
    private static final int TYPE = 3;
    // TrainerSpec fields
    private static final int MODEL_TYPE = 3;
    private static final int UNK_ID = 40;
    private static final int BOS_ID = 41;
    private static final int EOS_ID = 42;
    // NormalizerSpec fields
    private static final int ADD_DUMMY_PREFIX = 3;
    private static final int MODEL_TYPE_BPE = 2;
    private static final int MODEL_TYPE_UNIGRAM = 1;

    private final String source;

    private SentencePieceModelReader(String source) {
        this.source = source;
    }

    static SentencePieceTokenizer read(String source, byte[] bytes) {
        return new SentencePieceModelReader(source).parse(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
    }

    private SentencePieceTokenizer parse(ByteBuffer b) {
        List<String> pieces = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        List<TokenType> types = new ArrayList<>();
        int modelType = MODEL_TYPE_UNIGRAM;
        int unk = 0;
        int bos = 1;
        int eos = 2;
        boolean dummyPrefix = true;
        while (b.hasRemaining()) {
            int at = b.position();
            long tag = varint(b);
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == PIECES && wire == 2) {
                ByteBuffer m = sub(b, at);
                String piece = null;
                float score = 0;
                TokenType type = TokenType.NORMAL;
                while (m.hasRemaining()) {
                    int mat = m.position();
                    long t = varint(m);
                    int f = (int) (t >>> 3);
                    int w = (int) (t & 7);
                    if (f == PIECE && w == 2) {
                        ByteBuffer s = sub(m, mat);
                        byte[] raw = new byte[s.remaining()];
                        s.get(raw);
                        piece = new String(raw, StandardCharsets.UTF_8);
                    } else if (f == SCORE && w == 5) {
                        need(m, 4, mat);
                        score = m.getFloat();
                    } else if (f == TYPE && w == 0) {
                        type = TokenType.fromCode((int) varint(m));
                    } else {
                        skip(m, w, mat);
                    }
                }
                if (piece == null) {
                    throw error(at, "piece #" + pieces.size() + " has no text");
                }
                pieces.add(piece);
                scores.add(score);
                types.add(type);
            } else if (field == TRAINER_SPEC && wire == 2) {
                ByteBuffer m = sub(b, at);
                while (m.hasRemaining()) {
                    int mat = m.position();
                    long t = varint(m);
                    int f = (int) (t >>> 3);
                    int w = (int) (t & 7);
                    if (w == 0 && (f == MODEL_TYPE || f == UNK_ID || f == BOS_ID || f == EOS_ID)) {
                        int v = (int) varint(m);
                        switch (f) {
                            case MODEL_TYPE -> modelType = v;
                            case UNK_ID -> unk = v;
                            case BOS_ID -> bos = v;
                            default -> eos = v;
                        }
                    } else {
                        skip(m, w, mat);
                    }
                }
            } else if (field == NORMALIZER_SPEC && wire == 2) {
                ByteBuffer m = sub(b, at);
                while (m.hasRemaining()) {
                    int mat = m.position();
                    long t = varint(m);
                    if ((t >>> 3) == ADD_DUMMY_PREFIX && (t & 7) == 0) {
                        dummyPrefix = varint(m) != 0;
                    } else {
                        skip(m, (int) (t & 7), mat);
                    }
                }
            } else {
                skip(b, wire, at);
            }
        }
        if (pieces.isEmpty()) {
            throw new TokenizerException(source + ": no pieces (not a SentencePiece model?)");
        }
        if (modelType != MODEL_TYPE_BPE) {
            throw new TokenizerException(source + ": SentencePiece model type " + modelType
                    + " is not supported (supported: BPE = 2)");
        }
        float[] sc = new float[scores.size()];
        for (int i = 0; i < sc.length; i++) {
            sc[i] = scores.get(i);
        }
        Vocabulary v = new Vocabulary(pieces.toArray(new String[0]), sc, types.toArray(new TokenType[0]));
        return SentencePieceTokenizer.byScores(v, bos, eos, unk, true, dummyPrefix);
    }

    private TokenizerException error(int at, String what) {
        return new TokenizerException(source + " @" + at + ": " + what);
    }

    private void need(ByteBuffer b, int n, int at) {
        if (b.remaining() < n) {
            throw error(at, "truncated (need " + n + " bytes, " + b.remaining() + " left)");
        }
    }

    private long varint(ByteBuffer b) {
        int at = b.position();
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!b.hasRemaining()) {
                throw error(at, "truncated varint");
            }
            byte x = b.get();
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
        }
        throw error(at, "varint longer than 10 bytes");
    }

    /** A view of the next length-delimited field, advancing past it. */
    private ByteBuffer sub(ByteBuffer b, int at) {
        long len = varint(b);
        if (len < 0 || len > b.remaining()) {
            throw error(at, "field length " + len + " exceeds the " + b.remaining() + " bytes left");
        }
        ByteBuffer s = b.slice(b.position(), (int) len).order(ByteOrder.LITTLE_ENDIAN);
        b.position(b.position() + (int) len);
        return s;
    }

    private void skip(ByteBuffer b, int wire, int at) {
        switch (wire) {
            case 0 -> varint(b);
            case 1 -> {
                need(b, 8, at);
                b.position(b.position() + 8);
            }
            case 2 -> sub(b, at);
            case 5 -> {
                need(b, 4, at);
                b.position(b.position() + 4);
            }
            default -> throw error(at, "unsupported protobuf wire type " + wire);
        }
    }
}
