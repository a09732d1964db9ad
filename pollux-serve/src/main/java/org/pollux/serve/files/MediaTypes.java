package org.pollux.serve.files;

import java.util.Locale;
import org.pollux.serve.api.ApiException;

/** Checks of the media types and lengths that upload requests declare. */
final class MediaTypes {
    static final String OCTET_STREAM = "application/octet-stream";
    private static final int MAX_LENGTH = 255;

    private MediaTypes() {}

    /**
     * {@code value} trimmed, if it looks like {@code type/subtype[; params]} (printable ASCII, a
     * slash, at most 255 characters); a 400 naming {@code field} otherwise. It is stored and echoed,
     * never interpreted, so no stricter grammar is needed.
     */
    static String check(String field, String value) {
        String v = value.strip();
        int slash = v.indexOf('/');
        boolean ok = !v.isEmpty() && v.length() <= MAX_LENGTH && slash > 0 && slash < v.length() - 1;
        for (int i = 0; ok && i < v.length(); i++) {
            char c = v.charAt(i);
            ok = c >= 0x20 && c < 0x7f;
        }
        if (!ok) {
            throw ApiException.invalid("Invalid media type in " + field + ": \"" + shorten(v)
                    + "\" (expected type/subtype, e.g. text/plain).");
        }
        return v;
    }

    /** A non-negative byte count from a header; a 400 naming the header otherwise. */
    static long parseLength(String header, String value) {
        try {
            long n = Long.parseLong(value.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ApiException.invalid("Invalid " + header + ": \"" + shorten(value) + "\" is not a byte count.");
    }

    /** Whether a Content-Type is {@code multipart/related} (any parameters). */
    static boolean isMultipartRelated(String contentType) {
        return contentType != null && contentType.strip().toLowerCase(Locale.ROOT).startsWith("multipart/related");
    }

    /**
     * Client text for an error message: at most 60 characters, anything outside printable ASCII
     * shown as a backslash escape ({@code \xNN}, or {@code u{NNNN}} after the backslash beyond Latin-1), so
     * a message never carries raw control bytes.
     */
    static String shorten(String s) {
        StringBuilder b = new StringBuilder();
        int n = Math.min(s.length(), 60);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                b.append(c);
            } else if (c <= 0xff) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(String.format("\\u{%04x}", (int) c));
            }
        }
        return s.length() > n ? b.append('…').toString() : b.toString();
    }
}
