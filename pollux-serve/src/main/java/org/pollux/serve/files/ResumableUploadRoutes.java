package org.pollux.serve.files;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.pollux.serve.api.ApiException;
import org.pollux.serve.http.ApiCall;
import org.pollux.serve.http.ApiDispatcher;
import org.pollux.serve.http.ApiExchange;

/**
 * The resumable upload protocol over HTTP, exactly as the SDKs speak it (API.md §1.6): the start
 * request answers with {@code X-Goog-Upload-URL} (absolute, built from the request's Host, so it
 * works behind whatever address the client used) and every chunk with {@code X-Goog-Upload-Status}
 * {@code active}, or {@code final} plus {@code {"file":File}}. A chunk's Content-Type is never
 * looked at: each SDK sends a different one.
 */
final class ResumableUploadRoutes {
    // Reply headers are sent in exactly this case: the Java SDK looks for "X-Goog-Upload-Status"
    // with a case-sensitive comparison (and retries the chunk when it does not find it).
    static final String COMMAND = "X-Goog-Upload-Command";
    static final String OFFSET = "X-Goog-Upload-Offset";
    static final String URL = "X-Goog-Upload-URL";
    static final String STATUS = "X-Goog-Upload-Status";
    static final String SIZE_RECEIVED = "X-Goog-Upload-Size-Received";
    static final String CONTENT_LENGTH = "X-Goog-Upload-Header-Content-Length";
    static final String CONTENT_TYPE = "X-Goog-Upload-Header-Content-Type";

    private final FileService files;

    ResumableUploadRoutes(FileService files) {
        this.files = files;
    }

    /** {@code X-Goog-Upload-Command: start}: opens a session from the JSON metadata and the upload headers. */
    void start(ApiCall call) throws IOException {
        ApiExchange ex = call.exchange();
        Set<String> commands = commands(ex);
        if (!commands.equals(Set.of("start"))) {
            throw ApiException.invalid("A resumable upload begins with " + COMMAND + ": start, got \""
                    + ex.header(COMMAND) + "\" (an upload URL with upload_id is needed for the other commands).");
        }
        UploadMetadata meta = UploadMetadata.parse(ex.bodyBytes(files.maxMetadataBytes()), files.strictJson());
        long declared = meta.declaredSize(CONTENT_LENGTH, ex.header(CONTENT_LENGTH));
        String mime = meta.mimeTypeOr(ex.header(CONTENT_TYPE), CONTENT_TYPE);
        UploadSession s = files.uploads().start(meta, mime, declared);
        ex.settleBody();
        ex.header(URL, ex.baseUrl() + "/upload/" + call.version() + "/files?upload_id=" + s.uploadId()
                + "&upload_protocol=resumable");
        ex.header(STATUS, "active");
        ex.header("Content-Length", "0");
    }

    /** A request to an upload URL: {@code upload}, {@code upload, finalize}, {@code finalize}, {@code query} or {@code cancel}. */
    void session(ApiCall call, String uploadId) throws IOException {
        ApiExchange ex = call.exchange();
        Set<String> commands = commands(ex);
        UploadSessions uploads = files.uploads();
        if (commands.equals(Set.of("query"))) {
            reply(call, uploads.query(uploadId));
        } else if (commands.equals(Set.of("cancel"))) {
            uploads.cancel(uploadId);
            ex.settleBody();
            ex.header(STATUS, "cancelled");
            ex.header("Content-Length", "0");
        } else if (Set.of("upload", "finalize").containsAll(commands)) {
            String offsetHeader = ex.header(OFFSET);
            if (offsetHeader == null) {
                throw ApiException.invalid("A chunk needs an " + OFFSET + " header (the byte offset it starts at).");
            }
            long offset = MediaTypes.parseLength(OFFSET, offsetHeader);
            String length = ex.header("Content-Length");
            long contentLength = length == null ? -1 : MediaTypes.parseLength("Content-Length", length);
            UploadSessions.Progress p;
            try {
                p = uploads.upload(uploadId, offset, contentLength, ex.body(), commands.contains("finalize"));
            } catch (UploadSessions.WrongOffset e) {
                ex.header(STATUS, "active");
                ex.header(SIZE_RECEIVED, Long.toString(e.session.received()));
                throw ApiException.invalid(e.getMessage());
            }
            reply(call, p);
        } else {
            throw ApiException.invalid("Unsupported " + COMMAND + " \"" + ex.header(COMMAND) + "\": expected upload, "
                    + "\"upload, finalize\", finalize, query or cancel.");
        }
    }

    private void reply(ApiCall call, UploadSessions.Progress p) {
        ApiExchange ex = call.exchange();
        ex.settleBody();
        ex.header(SIZE_RECEIVED, Long.toString(p.session().received()));
        if (p.finished()) {
            ex.header(STATUS, "final");
            ApiDispatcher.writeJson(ex, 200, new FileResource.Envelope(FileResource.of(p.file(), ex.baseUrl(),
                    call.version())));
        } else {
            ex.header(STATUS, "active");
            ex.header("Content-Length", "0");
        }
    }

    /** The comma-separated commands, lower case; a missing header is a 400. */
    private static Set<String> commands(ApiExchange ex) {
        String h = ex.header(COMMAND);
        if (h == null || h.isBlank()) {
            throw ApiException.invalid("Missing " + COMMAND + " header.");
        }
        Set<String> out = new TreeSet<>();
        for (String c : h.split(",")) {
            if (!c.isBlank()) {
                out.add(c.strip().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }
}
