package org.pollux.serve.generate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.pollux.serve.api.Base64Bytes;
import org.pollux.serve.generate.wire.FunctionCall;

/**
 * The {@code thoughtSignature} put beside every function call this server returns. Clients
 * written for Gemini 3 keep it and send it back with the call in the history; served models have
 * no hidden reasoning to restore, so the signature only has to be a stable, opaque value: a
 * version byte and the first 16 bytes of SHA-256 over the call's name and arguments. Incoming
 * signatures are checked to be base64 and otherwise accepted whatever they hold (history may
 * come from another server).
 */
final class ThoughtSignatures {
    private static final byte VERSION = 1;

    private ThoughtSignatures() {}

    static String sign(FunctionCall call) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(call.name().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(String.valueOf(call.args()).getBytes(StandardCharsets.UTF_8));
            byte[] digest = sha.digest();
            byte[] sig = new byte[17];
            sig[0] = VERSION;
            System.arraycopy(Arrays.copyOf(digest, 16), 0, sig, 1, 16);
            return Base64Bytes.encode(sig);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
