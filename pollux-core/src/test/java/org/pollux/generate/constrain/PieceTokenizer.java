package org.pollux.generate.constrain;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.pollux.tokenizer.Tokenizer;

/**
 * A small test vocabulary: all 256 single bytes, a few JSON-shaped multi-byte pieces (some that
 * cross a quote, split a UTF-8 character or start an escape), and two control tokens (end of
 * text, end of turn) without text. Decode-only.
 */
final class PieceTokenizer implements Tokenizer {
    static final int EOS = 256;
    static final int END_OF_TURN = 257;
    private static final String[] PIECES = {"{\"", "\":", "\",", "\"}", "true", "false", "null", "12", "-0.5", "\\u00",
        "é", "\"é", "ab", " \"", "\n  ", "[{", "}]", "\\\"", "\"\"", "a\"", "0,", "],", "\":\"", "ü€", "😀"};
    private final List<byte[]> pieces = new ArrayList<>();

    PieceTokenizer() {
        for (int b = 0; b < 256; b++) {
            pieces.add(new byte[] {(byte) b});
        }
        pieces.add(new byte[0]);
        pieces.add(new byte[0]);
        for (String p : PIECES) {
            pieces.add(p.getBytes(StandardCharsets.UTF_8));
        }
        pieces.add(new byte[] {(byte) 0xA9, '"'}); // ends a character begun by the byte token 0xC3
        pieces.add(new byte[] {'x', (byte) 0xE2, (byte) 0x82}); // begins a character
    }

    @Override public int vocabSize() { return pieces.size(); }
    @Override public int[] encode(String text, boolean addBos, boolean parseSpecial) {
        throw new UnsupportedOperationException("decode-only test tokenizer");
    }
    @Override public boolean addBosByDefault() { return false; }
    @Override public byte[] tokenBytes(int id) { return pieces.get(id).clone(); }
    @Override public String piece(int id) { return new String(pieces.get(id), StandardCharsets.ISO_8859_1); }
    @Override public OptionalInt tokenId(String piece) { return OptionalInt.empty(); }
    @Override public int bosId() { return EOS; }
    @Override public int eosId() { return EOS; }
    @Override public boolean isControl(int id) { return id == EOS || id == END_OF_TURN; }
}
