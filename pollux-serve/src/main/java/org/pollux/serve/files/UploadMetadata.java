package org.pollux.serve.files;

import com.fasterxml.jackson.databind.JsonNode;
import org.pollux.serve.api.ApiException;
import org.pollux.serve.api.ApiJson;

/**
 * The metadata part of an upload, {@code {"file":{…}}} in lowerCamel or snake_case (LangChain4j
 * sends {@code display_name}), reduced to what the client may choose.
 *
 * @param fileId the id the client asked for ({@code file.name}), or null for a random one
 * @param displayName or null
 * @param mimeType or null (the upload's media type is used then)
 * @param sizeBytes the declared size, or -1
 */
record UploadMetadata(String fileId, String displayName, String mimeType, long sizeBytes) {
    /** The real service's limit on display names. */
    static final int MAX_DISPLAY_NAME = 512;

    static final UploadMetadata NONE = new UploadMetadata(null, null, null, -1);

    /** {@code google.ai.generativelanguage.v1beta.CreateFileRequest}. */
    record Request(Fields file) {}

    /**
     * Every field of {@code File}, so strict mode accepts a File a client echoes back; output-only
     * ones are read and ignored.
     */
    record Fields(String name, String displayName, String mimeType, Long sizeBytes, JsonNode createTime,
            JsonNode updateTime, JsonNode expirationTime, JsonNode sha256Hash, JsonNode uri, JsonNode downloadUri,
            JsonNode state, JsonNode source, JsonNode error, JsonNode videoMetadata) {}

    /** Parses a start request's or multipart metadata part's JSON; an empty body is no metadata. */
    static UploadMetadata parse(byte[] json, boolean strict) {
        Request r = ApiJson.read(json, Request.class, strict);
        if (r.file() == null) {
            return NONE;
        }
        Fields f = r.file();
        String id = f.name() == null || f.name().isEmpty() ? null : FileIds.fromName(f.name());
        if (f.displayName() != null && f.displayName().length() > MAX_DISPLAY_NAME) {
            throw ApiException.invalid("file.display_name is too long: " + f.displayName().length()
                    + " characters, at most " + MAX_DISPLAY_NAME + " are allowed.");
        }
        String mime = f.mimeType() == null || f.mimeType().isBlank() ? null : MediaTypes.check("file.mime_type",
                f.mimeType());
        long size = -1;
        if (f.sizeBytes() != null) {
            if (f.sizeBytes() < 0) {
                throw ApiException.invalid("file.size_bytes must not be negative, got " + f.sizeBytes() + ".");
            }
            size = f.sizeBytes();
        }
        return new UploadMetadata(id, f.displayName(), mime, size);
    }

    /**
     * The size both the metadata and a header declare; they must agree when both are given.
     *
     * @param header the header value (e.g. {@code X-Goog-Upload-Header-Content-Length}), or null
     */
    long declaredSize(String headerName, String header) {
        if (header == null || header.isBlank()) {
            return sizeBytes;
        }
        long h = MediaTypes.parseLength(headerName, header);
        if (sizeBytes >= 0 && sizeBytes != h) {
            throw ApiException.invalid("file.size_bytes (" + sizeBytes + ") does not match " + headerName + " (" + h
                    + ").");
        }
        return h;
    }

    /** The file's media type: the metadata's, else the upload's, else application/octet-stream. */
    String mimeTypeOr(String uploadContentType, String headerName) {
        if (mimeType != null) {
            return mimeType;
        }
        if (uploadContentType != null && !uploadContentType.isBlank()) {
            return MediaTypes.check(headerName, uploadContentType);
        }
        return MediaTypes.OCTET_STREAM;
    }
}
