package org.pollux.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a SentencePiece {@code .model} file (a serialized {@code ModelProto}) into a
 * {@link SentencePieceBpeTokenizer}. Fields used: {@code pieces} (1: piece, score, type),
 * {@code trainer_spec} (2: model_type=3, unk/bos/eos/pad ids=40..43) and
 * {@code normalizer_spec} (3: add_dummy_prefix=3). Byte fallback is used whenever {@code <0xNN>} pieces
 * exist. Only BPE models are supported; the Unigram
 * (Viterbi) algorithm is a different encoder and is rejected. Normalization rules
 * ({@code precompiled_charsmap}, {@code remove_extra_whitespaces}) are ignored, as llama.cpp does.
 */
public final class SentencePieceModelReader {
    private static final int MODEL_TYPE_UNIGRAM = 1;
    private static final int MODEL_TYPE_BPE = 2;

    private SentencePieceModelReader() {}

    public static SentencePieceBpeTokenizer read(Path file) {
        try {
            return parse(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new TokenizerException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses {@code bytes}; {@code source} names them in errors. */
    public static SentencePieceBpeTokenizer parse(String source, byte[] bytes) {
        ProtoReader r = new ProtoReader(source, bytes);
        List<String> pieces = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        List<TokenType> types = new ArrayList<>();
        TrainerSpec trainer = null;
        boolean addDummyPrefix = true;
        while (r.hasMore()) {
            int tag = r.readTag();
            switch (tag >>> 3) {
                case 1 -> {
                    r.expectWireType(tag, ProtoReader.LENGTH_DELIMITED, "ModelProto.pieces");
                    readPiece(r.readMessage(), pieces.size(), pieces, scores, types);
                }
                case 2 -> {
                    r.expectWireType(tag, ProtoReader.LENGTH_DELIMITED, "ModelProto.trainer_spec");
                    trainer = TrainerSpec.read(r.readMessage());
                }
                case 3 -> {
                    r.expectWireType(tag, ProtoReader.LENGTH_DELIMITED, "ModelProto.normalizer_spec");
                    addDummyPrefix = readAddDummyPrefix(r.readMessage());
                }
                default -> r.skip(tag & 7);
            }
        }
        if (pieces.isEmpty()) {
            throw new TokenizerException(source, "no pieces: not a SentencePiece model");
        }
        int modelType = trainer == null ? MODEL_TYPE_UNIGRAM : trainer.modelType;
        if (modelType != MODEL_TYPE_BPE) {
            throw new TokenizerException(source, "SentencePiece model_type " + modelTypeName(modelType)
                    + " is not supported; only BPE (2) is");
        }
        float[] s = new float[scores.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
        }
        Vocabulary vocab = new Vocabulary(source, pieces.toArray(String[]::new), s,
                types.toArray(TokenType[]::new), trainer.bosId, trainer.eosId, trainer.unkId, trainer.padId);
        // SentencePiece's own encode adds no BOS, but every llama-family pipeline does (llama.cpp add_bos).
        return new SentencePieceBpeTokenizer(vocab, vocab.bosId() != Vocabulary.NONE, addDummyPrefix);
    }

    private static String modelTypeName(int type) {
        return switch (type) {
            case 1 -> "UNIGRAM (1)";
            case 3 -> "WORD (3)";
            case 4 -> "CHAR (4)";
            default -> String.valueOf(type);
        };
    }

    private static void readPiece(ProtoReader r, int index, List<String> pieces, List<Float> scores,
                                  List<TokenType> types) {
        String piece = null;
        float score = 0f;
        TokenType type = TokenType.NORMAL;
        while (r.hasMore()) {
            int tag = r.readTag();
            int at = r.position();
            switch (tag >>> 3) {
                case 1 -> {
                    r.expectWireType(tag, ProtoReader.LENGTH_DELIMITED, "SentencePiece.piece");
                    piece = r.readString();
                }
                case 2 -> {
                    r.expectWireType(tag, ProtoReader.FIXED32, "SentencePiece.score");
                    score = r.readFloat();
                }
                case 3 -> {
                    r.expectWireType(tag, ProtoReader.VARINT, "SentencePiece.type");
                    long code = r.readVarint();
                    type = code > 0 && code < 16 ? TokenType.fromCode((int) code) : null;
                    if (type == null) {
                        throw r.error(at, "piece " + index + " has unknown type " + code);
                    }
                }
                default -> r.skip(tag & 7);
            }
        }
        if (piece == null) {
            throw r.error(r.position(), "piece " + index + " has no text");
        }
        pieces.add(piece);
        scores.add(score);
        types.add(type);
    }

    private static boolean readAddDummyPrefix(ProtoReader r) {
        boolean add = true;
        while (r.hasMore()) {
            int tag = r.readTag();
            if (tag >>> 3 == 3) {
                r.expectWireType(tag, ProtoReader.VARINT, "NormalizerSpec.add_dummy_prefix");
                add = r.readVarint() != 0;
            } else {
                r.skip(tag & 7);
            }
        }
        return add;
    }

    /** The TrainerSpec fields that change encoding, with SentencePiece's defaults. */
    private static final class TrainerSpec {
        int modelType = MODEL_TYPE_UNIGRAM;
        int unkId = 0;
        int bosId = 1;
        int eosId = 2;
        int padId = -1;

        static TrainerSpec read(ProtoReader r) {
            TrainerSpec t = new TrainerSpec();
            while (r.hasMore()) {
                int tag = r.readTag();
                int field = tag >>> 3;
                if (field == 3 || (field >= 40 && field <= 43)) {
                    r.expectWireType(tag, ProtoReader.VARINT, "TrainerSpec field " + field);
                    int v = r.readInt32();
                    switch (field) {
                        case 3 -> t.modelType = v;
                        case 40 -> t.unkId = v;
                        case 41 -> t.bosId = v;
                        case 42 -> t.eosId = v;
                        default -> t.padId = v;
                    }
                } else {
                    r.skip(tag & 7);
                }
            }
            return t;
        }
    }
}
