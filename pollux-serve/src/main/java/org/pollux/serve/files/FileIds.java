package org.pollux.serve.files;

import java.security.SecureRandom;
import java.util.Base64;
import org.pollux.serve.api.ApiException;

/**
 * What file ids and upload ids may look like, and fresh random ones. Both name files on disk, so
 * nothing else ever reaches a path: a file id is 1 to 40 of {@code [a-z0-9-]}, not starting or
 * ending with {@code -} (the API's rule, which also excludes {@code .} and {@code /}); an upload id
 * is 16 to 64 of the URL-safe base64 alphabet.
 */
final class FileIds {
    static final int MAX_FILE_ID = 40;
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    /** 12 characters of 36: 62 bits, the length of the real service's ids. */
    private static final int GENERATED_LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private FileIds() {}

    static boolean isFileId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_FILE_ID || id.startsWith("-") || id.endsWith("-")) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** The id in a resource name {@code files/<id>} (or a bare id); anything else is a 400 naming it. */
    static String fromName(String name) {
        String id = name.startsWith("files/") ? name.substring("files/".length()) : name;
        return require(id, name);
    }

    /** {@code id} if it is a valid file id; a 400 naming {@code shownAs} otherwise. */
    static String require(String id, String shownAs) {
        if (!isFileId(id)) {
            throw ApiException.invalid("Invalid file name \"" + shownAs + "\": the id after \"files/\" must be 1 to "
                    + MAX_FILE_ID + " lowercase letters, digits or dashes, and must not start or end with a dash.");
        }
        return id;
    }

    static String newFileId() {
        char[] c = new char[GENERATED_LENGTH];
        for (int i = 0; i < c.length; i++) {
            c[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
        }
        return new String(c);
    }

    static boolean isUploadId(String id) {
        if (id == null || id.length() < 16 || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** 192 random bits: the upload URL is the only credential of a chunk request. */
    static String newUploadId() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
