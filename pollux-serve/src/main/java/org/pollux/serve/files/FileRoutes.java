package org.pollux.serve.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.pollux.serve.api.ApiException;
import org.pollux.serve.http.ApiCall;
import org.pollux.serve.http.ApiDispatcher;
import org.pollux.serve.http.ApiExchange;
import org.pollux.serve.http.Paging;
import org.pollux.serve.http.Router;

/**
 * The Files API routes (API.md §1.2): media.upload by the resumable, multipart and raw protocols,
 * files.list, files.get, files.delete and files.download.
 */
public final class FileRoutes {
    static final String PROTOCOL = "X-Goog-Upload-Protocol";

    private final FileService files;
    private final ResumableUploadRoutes resumable;

    public FileRoutes(FileService files) {
        this.files = files;
        this.resumable = new ResumableUploadRoutes(files);
    }

    public void register(Router router) {
        // Error replies settle the request body in the dispatcher (ApiExchange.settleBody).
        router.upload("POST", "/files", this::upload);
        router.api("GET", "/files", this::list);
        router.api("GET", "/files/{file}:download", this::download);
        router.api("GET", "/files/{file}", this::get);
        router.api("DELETE", "/files/{file}", this::delete);
    }

    private void upload(ApiCall call) throws IOException {
        ApiExchange ex = call.exchange();
        String uploadId = ex.query("upload_id");
        if (uploadId != null) {
            resumable.session(call, uploadId);
            return;
        }
        switch (protocol(ex)) {
            case "resumable" -> resumable.start(call);
            case "multipart" -> multipart(call);
            case "raw", "media" -> raw(call);
            default -> throw ApiException.invalid("Unsupported " + PROTOCOL + " \"" + ex.header(PROTOCOL)
                    + "\": expected resumable, multipart or raw.");
        }
    }

    /** The header, else the {@code uploadType} query parameter, else multipart for a multipart body, else raw. */
    private static String protocol(ApiExchange ex) {
        String p = ex.header(PROTOCOL);
        if (p == null || p.isBlank()) {
            p = ex.query("uploadType");
        }
        if (p == null || p.isBlank()) {
            return MediaTypes.isMultipartRelated(ex.header("Content-Type")) ? "multipart" : "raw";
        }
        return p.strip().toLowerCase(Locale.ROOT);
    }

    /** Part 1 is the JSON metadata {@code {"file":{…}}}, part 2 the bytes (streamed to disk). */
    private void multipart(ApiCall call) throws IOException {
        ApiExchange ex = call.exchange();
        MultipartReader reader = new MultipartReader(ex.body(), MultipartReader.boundaryOf(ex.header("Content-Type")));
        MultipartReader.Part metaPart = reader.next();
        if (metaPart == null) {
            throw ApiException.invalid("The multipart upload has no parts (expected the metadata, then the media).");
        }
        byte[] json = metaPart.body().readNBytes((int) files.maxMetadataBytes() + 1);
        if (json.length > files.maxMetadataBytes()) {
            throw ApiException.invalid("The multipart metadata part is larger than " + files.maxMetadataBytes()
                    + " bytes.");
        }
        UploadMetadata meta = UploadMetadata.parse(json, files.strictJson());
        MultipartReader.Part media = reader.next();
        if (media == null) {
            throw ApiException.invalid("The multipart upload has no media part (expected the metadata, then the media).");
        }
        String mime = meta.mimeTypeOr(media.header("Content-Type"), "the media part's Content-Type");
        files.checkIdFree(meta.fileId());
        try (BlobStore.Received data = files.receive(media.body(), meta.sizeBytes())) {
            reader.expectEnd();
            replyFile(call, files.create(data, meta, mime));
        }
    }

    /** The body is the file, its Content-Type the file's media type. */
    private void raw(ApiCall call) throws IOException {
        ApiExchange ex = call.exchange();
        String type = ex.header("Content-Type");
        String mime = type == null || type.isBlank() ? MediaTypes.OCTET_STREAM : MediaTypes.check("Content-Type", type);
        String length = ex.header("Content-Length");
        long declared = length == null ? -1 : MediaTypes.parseLength("Content-Length", length);
        try (BlobStore.Received data = files.receive(ex.body(), declared)) {
            replyFile(call, files.create(data, UploadMetadata.NONE, mime));
        }
    }

    private static void replyFile(ApiCall call, StoredFile f) {
        ApiExchange ex = call.exchange();
        ex.settleBody();
        ApiDispatcher.writeJson(ex, 200, new FileResource.Envelope(FileResource.of(f, ex.baseUrl(), call.version())));
    }

    private void list(ApiCall call) {
        ApiExchange ex = call.exchange();
        Paging.Page<StoredFile> page = Paging.page(files.list(), ex.query("pageSize"), ex.query("pageToken"), 10, 100);
        List<FileResource> items = page.items().stream().map(f -> FileResource.of(f, ex.baseUrl(), call.version()))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("files", items);
        if (!page.nextPageToken().isEmpty()) {
            body.put("nextPageToken", page.nextPageToken());
        }
        ApiDispatcher.writeJson(ex, 200, body);
    }

    private void get(ApiCall call) {
        StoredFile f = files.get(idParam(call));
        ApiDispatcher.writeJson(call.exchange(), 200, FileResource.of(f, call.exchange().baseUrl(), call.version()));
    }

    /** Any body (JS sends {@code {}}) is ignored. */
    private void delete(ApiCall call) throws IOException {
        call.exchange().settleBody();
        files.delete(idParam(call));
        ApiDispatcher.writeEmpty(call.exchange());
    }

    private void download(ApiCall call) throws IOException {
        ApiExchange ex = call.exchange();
        StoredFile f = files.get(idParam(call));
        try (InputStream in = files.open(f)) {
            ex.status(200);
            ex.header("Content-Type", f.mimeType());
            ex.header("Content-Length", Long.toString(f.sizeBytes()));
            OutputStream out = ex.output();
            in.transferTo(out);
            out.flush();
        } catch (NoSuchFileException e) {
            throw FileService.notFound(f.id());
        }
    }

    private static String idParam(ApiCall call) {
        String raw = call.param("file");
        return FileIds.require(raw, "files/" + raw);
    }
}
