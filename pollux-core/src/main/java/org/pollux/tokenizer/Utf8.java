package org.pollux.tokenizer;

/** UTF-8 structure checks for streaming decode. */
final class Utf8 {
    private Utf8() {}

    /**
     * The length of the longest prefix of {@code bytes[0, len)} that can be decoded now without
     * changing how the rest decodes: everything except a trailing sequence that is a valid but
     * incomplete UTF-8 character (a lead byte followed by too few continuation bytes). Malformed
     * bytes are included: they decode to U+FFFD whatever follows. The scan mirrors the decoder's
     * rules (no overlongs, no surrogates, nothing above U+10FFFF), so held-back bytes always start
     * where the decoder would start a character.
     */
    static int completePrefix(byte[] bytes, int len) {
        int i = 0;
        while (i < len) {
            int b = bytes[i] & 0xFF;
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (b < 0x80) {
                i++;
                continue;
            } else if (b >= 0xC2 && b <= 0xDF) {
                need = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                need = 2;
                if (b == 0xE0) {
                    lo = 0xA0; // no overlong 3-byte forms
                } else if (b == 0xED) {
                    hi = 0x9F; // no UTF-16 surrogates
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                need = 3;
                if (b == 0xF0) {
                    lo = 0x90;
                } else if (b == 0xF4) {
                    hi = 0x8F; // nothing above U+10FFFF
                }
            } else {
                i++; // stray continuation byte or invalid lead: malformed now
                continue;
            }
            int j = i + 1;
            boolean valid = true;
            for (int k = 0; k < need && j < len; k++, j++) {
                int c = bytes[j] & 0xFF;
                if (c < (k == 0 ? lo : 0x80) || c > (k == 0 ? hi : 0xBF)) {
                    valid = false;
                    break;
                }
            }
            if (!valid) {
                i++; // malformed: the decoder resynchronizes on the next byte at the latest
            } else if (j - i < need + 1) {
                return i; // valid so far but incomplete: hold back
            } else {
                i = j;
            }
        }
        return len;
    }
}
