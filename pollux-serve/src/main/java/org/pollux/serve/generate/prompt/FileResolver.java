package org.pollux.serve.generate.prompt;

import org.pollux.serve.api.ApiException;

/**
 * Finds the bytes behind a {@code fileData.fileUri} ({@code files/abc} or
 * {@code https://…/v1beta/files/abc}); the files API provides the real one.
 */
@FunctionalInterface
public interface FileResolver {

    /** The file's media type and content; a 400/404-style {@link ApiException} when it cannot be used. */
    ResolvedFile resolve(String fileUri);

    /** A file's media type and bytes. */
    record ResolvedFile(String mimeType, byte[] bytes) {}

    /** No files: every reference is a 400. */
    FileResolver NONE = uri -> {
        throw ApiException.invalid("File " + uri + " not found.");
    };
}
