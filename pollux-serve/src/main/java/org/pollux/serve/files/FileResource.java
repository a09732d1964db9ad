package org.pollux.serve.files;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/**
 * The {@code File} resource as JSON (API.md §1.6): int64 {@code sizeBytes} as a string, times in
 * RFC 3339, {@code sha256Hash} in base64, {@code uri} under the version and host the client used.
 */
public record FileResource(
        String name,
        String displayName,
        String mimeType,
        String sizeBytes,
        String createTime,
        String updateTime,
        String expirationTime,
        String sha256Hash,
        String uri,
        String downloadUri,
        String state,
        String source) {

    /** {@code {"file": File}}, the body of upload replies. */
    public record Envelope(FileResource file) {}

    /**
     * @param baseUrl {@code scheme://host[:port]} as the client addressed the server
     * @param version the API version of the request ({@code v1beta} or {@code v1})
     */
    public static FileResource of(StoredFile f, String baseUrl, String version) {
        String uri = baseUrl + "/" + version + "/files/" + f.id();
        return new FileResource("files/" + f.id(), f.displayName(), f.mimeType(), Long.toString(f.sizeBytes()),
                time(f.createTime()), time(f.updateTime()), time(f.expirationTime()), f.sha256(), uri,
                uri + ":download?alt=media", f.state().name(), "UPLOADED");
    }

    private static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }
}
