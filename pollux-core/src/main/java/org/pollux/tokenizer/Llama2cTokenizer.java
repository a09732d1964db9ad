package org.pollux.tokenizer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the tokenizer file of Karpathy's llama2.c ({@code tokenizer.bin}, {@code tok512.bin}):
 * little-endian {@code int32 max_token_length}, then until the end of the file one record per token,
 * {@code float32 score, int32 length, length bytes}. The exporter wrote SentencePiece pieces with ▁
 * turned back into spaces and BOS/EOS as {@code "\n<s>\n"} / {@code "\n</s>\n"}; this reader undoes
 * both, so the result is the SentencePiece vocabulary (id 0 {@code <unk>}, 1 {@code <s>}, 2
 * {@code </s>}, {@code <0xNN>} byte pieces) and encodes as llama2.c does: BPE by score with a dummy
 * space prefix and BOS = 1.
 */
public final class Llama2cTokenizer {
    private static final int UNK_ID = 0;
    private static final int BOS_ID = 1;
    private static final int EOS_ID = 2;

    private Llama2cTokenizer() {}

    public static SentencePieceBpeTokenizer read(Path file) {
        try {
            return parse(file.toString(), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new TokenizerException(file.toString(), "cannot read: " + e.getMessage(), e);
        }
    }

    /** Parses {@code bytes}; {@code source} names them in errors. */
    public static SentencePieceBpeTokenizer parse(String source, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < 4) {
            throw new TokenizerException(source, 0, "truncated header: " + bytes.length + " bytes, need 4");
        }
        int maxTokenLength = in.getInt();
        if (maxTokenLength <= 0) {
            throw new TokenizerException(source, 0, "max_token_length is " + maxTokenLength + ", must be positive");
        }
        List<String> pieces = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        while (in.hasRemaining()) {
            int at = in.position();
            if (in.remaining() < 8) {
                throw new TokenizerException(source, at, "truncated record for token " + pieces.size()
                        + ": " + in.remaining() + " bytes left, need 8 for score and length");
            }
            float score = in.getFloat();
            int len = in.getInt();
            if (len < 0 || len > maxTokenLength || len > in.remaining()) {
                throw new TokenizerException(source, at + 4, "token " + pieces.size() + " has length " + len
                        + " (max_token_length " + maxTokenLength + ", " + in.remaining() + " bytes left)");
            }
            pieces.add(decodePiece(source, in, len, pieces.size()));
            scores.add(score);
        }
        if (pieces.size() <= EOS_ID) {
            throw new TokenizerException(source, "only " + pieces.size() + " tokens; expected <unk>, <s>, </s> first");
        }
        return toTokenizer(source, pieces, scores);
    }

    private static String decodePiece(String source, ByteBuffer in, int len, int index) {
        int at = in.position();
        ByteBuffer slice = in.slice(at, len);
        in.position(at + len);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new TokenizerException(source, at, "token " + index + " is not valid UTF-8");
        }
    }

    private static SentencePieceBpeTokenizer toTokenizer(String source, List<String> raw, List<Float> rawScores) {
        int n = raw.size();
        String[] pieces = new String[n];
        float[] scores = new float[n];
        TokenType[] types = new TokenType[n];
        for (int i = 0; i < n; i++) {
            String p = raw.get(i);
            scores[i] = rawScores.get(i);
            if (i == UNK_ID) {
                pieces[i] = p;
                types[i] = TokenType.UNKNOWN;
            } else if (i == BOS_ID || i == EOS_ID) {
                pieces[i] = p.strip(); // "\n<s>\n" → "<s>"
                types[i] = TokenType.CONTROL;
            } else if (Vocabulary.byteValue(p) >= 0) {
                pieces[i] = p;
                types[i] = TokenType.BYTE;
            } else {
                pieces[i] = p.replace(' ', SentencePieceText.SPACE);
                types[i] = TokenType.NORMAL;
            }
        }
        Vocabulary vocab = new Vocabulary(source, pieces, scores, types, BOS_ID, EOS_ID, UNK_ID, Vocabulary.NONE);
        return new SentencePieceBpeTokenizer(vocab, true, true);
    }
}
