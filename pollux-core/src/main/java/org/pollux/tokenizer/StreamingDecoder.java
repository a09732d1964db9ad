package org.pollux.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns generated token ids into text as they arrive, never splitting a UTF-8 character: bytes of a
 * character spread over several byte-fallback tokens are held back until it is complete. The
 * concatenation of everything {@link #push} and {@link #flush} return equals
 * {@link Tokenizer#decode} of the same ids, including dropping the leading space of
 * {@code add_space_prefix} tokenizers.
 */
public final class StreamingDecoder {
    private final Tokenizer tokenizer;
    private byte[] pending = new byte[16];
    private int pendingLength;
    private boolean stripLeadingSpace;

    public StreamingDecoder(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
        this.stripLeadingSpace = tokenizer.addsSpacePrefix();
    }

    /** Adds one token; returns the text that became complete (often empty, never null). */
    public String push(int id) {
        byte[] b = tokenizer.tokenBytes(id);
        int from = 0;
        if (stripLeadingSpace && b.length > 0) {
            from = b[0] == ' ' ? 1 : 0;
            stripLeadingSpace = false;
        }
        append(b, from, b.length - from);
        int ready = Utf8.completePrefix(pending, pendingLength);
        return take(ready);
    }

    /** Returns whatever is held back; an incomplete character at the end decodes to U+FFFD. */
    public String flush() {
        return take(pendingLength);
    }

    /** Forgets held-back bytes and starts a new sequence (the leading-space rule applies again). */
    public void reset() {
        pendingLength = 0;
        stripLeadingSpace = tokenizer.addsSpacePrefix();
    }

    /** Whether bytes of an incomplete character are held back. */
    public boolean hasPending() {
        return pendingLength > 0;
    }

    private void append(byte[] b, int from, int len) {
        if (pendingLength + len > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + len));
        }
        System.arraycopy(b, from, pending, pendingLength, len);
        pendingLength += len;
    }

    private String take(int n) {
        if (n == 0) {
            return "";
        }
        String s = new String(pending, 0, n, StandardCharsets.UTF_8);
        System.arraycopy(pending, n, pending, 0, pendingLength - n);
        pendingLength -= n;
        return s;
    }
}
