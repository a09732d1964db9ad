package org.pollux.generate;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import org.pollux.tokenizer.Tokenizer;

/** Token id i = the i-th byte string of a table: lets tests cut text into arbitrary byte pieces. */
final class TableTokenizer implements Tokenizer {
    private final List<byte[]> pieces;

    TableTokenizer(List<byte[]> pieces) {
        this.pieces = List.copyOf(pieces);
    }

    @Override public int vocabSize() { return pieces.size(); }
    @Override public int[] encode(String text, boolean addBos, boolean parseSpecial) {
        throw new UnsupportedOperationException("decode-only test tokenizer");
    }
    @Override public boolean addBosByDefault() { return false; }
    @Override public byte[] tokenBytes(int id) { return pieces.get(id).clone(); }
    @Override public String piece(int id) { return new String(pieces.get(id), StandardCharsets.ISO_8859_1); }
    @Override public OptionalInt tokenId(String piece) { return OptionalInt.empty(); }
    @Override public int bosId() { return 0; }
    @Override public int eosId() { return 0; }
    @Override public boolean isControl(int id) { return false; }
}
