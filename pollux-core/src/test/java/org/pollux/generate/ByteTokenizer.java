package org.pollux.generate;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.pollux.tokenizer.Tokenizer;

/** Token id = byte value. Enough to test streaming, stop sequences and UTF-8 hold-back. */
final class ByteTokenizer implements Tokenizer {
    @Override public int vocabSize() { return 256; }

    @Override
    public int[] encode(String text, boolean addBos, boolean parseSpecial) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            ids[i] = b[i] & 0xFF;
        }
        return ids;
    }

    @Override public boolean addBosByDefault() { return false; }
    @Override public byte[] tokenBytes(int id) { return new byte[] {(byte) id}; }
    @Override public String piece(int id) { return "<" + id + ">"; }
    @Override public OptionalInt tokenId(String piece) { return OptionalInt.empty(); }
    @Override public int bosId() { return 0; }
    @Override public int eosId() { return 0; }
    @Override public boolean isControl(int id) { return false; }
}
