package org.pollux.serve.playground;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * One file of the playground, read from the classpath once: its bytes, its content type (from
 * the extension) and a strong ETag (a digest of the bytes, so it changes exactly when they do).
 */
record StaticAsset(String name, String contentType, byte[] bytes, String etag) {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    /** Reads {@code name} from this package's resources; a missing file is a packaging bug. */
    static StaticAsset load(String name) {
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        if (type == null) {
            throw new IllegalArgumentException("no content type known for playground asset " + name);
        }
        try (InputStream in = StaticAsset.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("playground asset " + name + " is missing from the classpath");
            }
            byte[] bytes = in.readAllBytes();
            return new StaticAsset(name, type, bytes, etagOf(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read playground asset " + name, e);
        }
    }

    private static String etagOf(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            // 16 bytes of SHA-256 are plenty to tell versions of a handful of files apart.
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /**
     * Whether an {@code If-None-Match} header names this version: a list of tags or {@code *};
     * weak tags match too (RFC 9110 §13.1.2 uses the weak comparison for this header).
     */
    boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
