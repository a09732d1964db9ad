package org.pollux.generate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.pollux.tokenizer.Tokenizer;

/**
 * Turns a stream of token ids into text without ever splitting a UTF-8 character: bytes of an
 * incomplete sequence (e.g. the first byte-fallback token of an emoji) are held until it completes.
 * Bytes that can never complete (a lead byte followed by one that is not a continuation) are
 * released at once and decode to U+FFFD, so nothing is held forever.
 */
public final class Utf8Streamer implements TokenTextDecoder {
    private final Tokenizer tokenizer;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    public Utf8Streamer(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    @Override
    public String push(int token) {
        pending.writeBytes(tokenizer.tokenBytes(token));
        byte[] b = pending.toByteArray();
        int complete = completePrefix(b);
        pending.reset();
        pending.write(b, complete, b.length - complete);
        return new String(b, 0, complete, StandardCharsets.UTF_8);
    }

    @Override
    public String flush() {
        String s = pending.toString(StandardCharsets.UTF_8);
        pending.reset();
        return s;
    }

    /** Length of the longest prefix that does not end inside a multi-byte sequence. */
    static int completePrefix(byte[] b) {
        int n = b.length;
        // Look back at most 3 bytes for the lead byte of a trailing, possibly incomplete sequence.
        for (int back = 1; back <= Math.min(3, n); back++) {
            int c = b[n - back] & 0xFF;
            if ((c & 0xC0) == 0x80) {
                continue; // continuation byte: keep looking for the lead
            }
            int need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            return need > back ? n - back : n;
        }
        return n;
    }
}
