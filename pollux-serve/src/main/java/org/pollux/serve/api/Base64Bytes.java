package org.pollux.serve.api;

import java.util.Base64;

/** proto3 JSON {@code bytes}: base64 in the standard or the URL-safe alphabet, padded or not. */
public final class Base64Bytes {
    private Base64Bytes() {}

    /** Decodes {@code text}; bad base64 is a 400 naming {@code field}. */
    public static byte[] decode(String field, String text) {
        if (text == null) {
            throw ApiException.invalid("Missing base64 data at '" + field + "'.");
        }
        String t = text.strip();
        try {
            if (t.indexOf('-') >= 0 || t.indexOf('_') >= 0) {
                return Base64.getUrlDecoder().decode(t);
            }
            return Base64.getMimeDecoder().decode(strictAlphabet(t));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("Invalid value at '" + field + "' (TYPE_BYTES), Base64 decoding failed for \""
                    + (t.length() > 40 ? t.substring(0, 40) + "…" : t) + "\"");
        }
    }

    /** The MIME decoder skips foreign characters silently; reject them instead. */
    private static String strictAlphabet(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
                    || c == '/' || c == '=' || c == '\r' || c == '\n';
            if (!ok) {
                throw new IllegalArgumentException("character " + (int) c);
            }
        }
        return t;
    }

    public static String encode(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }
}
