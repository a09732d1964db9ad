package org.pollux.train.tokenizer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.pollux.gguf.GgufValue;

/**
 * A SHA-256 fingerprint of a tokenizer's GGUF metadata ({@code tokenizer.*} keys, every array
 * element and its exact type), so token shards and checkpoints can tell whether they were made
 * with the same tokenizer. Keys are hashed in sorted order, so the map's order does not matter.
 */
public final class TokenizerHash {
    private TokenizerHash() {}

    /** Lower-case hex SHA-256 over the {@code tokenizer.*} entries of {@code metadata}. */
    public static String of(Map<String, GgufValue> metadata) {
        MessageDigest d = sha256();
        for (Map.Entry<String, GgufValue> e : new TreeMap<>(metadata).entrySet()) {
            if (e.getKey().startsWith("tokenizer.")) {
                text(d, e.getKey());
                value(d, e.getValue());
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static void text(MessageDigest d, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        number(d, b.length);
        d.update(b);
    }

    private static void number(MessageDigest d, long v) {
        d.update(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
    }

    private static void value(MessageDigest d, GgufValue v) {
        text(d, v.type().name());
        switch (v.value()) {
            case GgufValue.GgufArray a -> {
                text(d, a.elementType().name());
                number(d, a.length());
                switch (a.values()) {
                    case String[] s -> {
                        for (String x : s) {
                            text(d, x);
                        }
                    }
                    case float[] f -> {
                        for (float x : f) {
                            number(d, Float.floatToRawIntBits(x));
                        }
                    }
                    case long[] l -> {
                        for (long x : l) {
                            number(d, x);
                        }
                    }
                    default -> text(d, java.util.Arrays.deepToString(new Object[] {a.values()}));
                }
            }
            default -> text(d, String.valueOf(v.value()));
        }
    }
}
