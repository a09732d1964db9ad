package org.pollux.serve.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import org.pollux.serve.api.ApiException;
import org.pollux.serve.api.ApiStatus;

/**
 * Resolves the {@code fileData.fileUri} of a generateContent request to the uploaded file's media
 * type and bytes. Accepted forms: {@code files/<id>}, and any URI ending in {@code /files/<id>}
 * (the {@code uri} this server gave out, or {@code https://generativelanguage.googleapis.com/v1beta/files/<id>}
 * in a request written for the real service).
 */
public final class StoredFiles {
    private final FileService files;

    StoredFiles(FileService files) {
        this.files = files;
    }

    /** An uploaded file ready to be read: its resource name, media type and size, and its bytes on demand. */
    public static final class Resolved {
        private final FileService files;
        private final StoredFile file;

        private Resolved(FileService files, StoredFile file) {
            this.files = files;
            this.file = file;
        }

        /** {@code files/<id>}. */
        public String name() {
            return "files/" + file.id();
        }

        public String mimeType() {
            return file.mimeType();
        }

        public long sizeBytes() {
            return file.sizeBytes();
        }

        /** The bytes; a file deleted or expired since it was resolved is a 404. */
        public InputStream open() throws IOException {
            try {
                return files.open(files.get(file.id()));
            } catch (NoSuchFileException e) {
                throw FileService.notFound(file.id());
            }
        }

        public byte[] readAllBytes() throws IOException {
            try (InputStream in = open()) {
                return in.readAllBytes();
            }
        }
    }

    /**
     * The file behind {@code fileUri}: 400 INVALID_ARGUMENT for a URI that names no file, 404 for
     * an unknown or expired file, 400 FAILED_PRECONDITION (the real service's message) for one that
     * is not ACTIVE.
     */
    public Resolved resolve(String fileUri) {
        String id = idOf(fileUri);
        StoredFile f = files.get(id);
        if (f.state() != FileState.ACTIVE) {
            throw new ApiException(ApiStatus.FAILED_PRECONDITION, "The File " + id
                    + " is not in an ACTIVE state and usage is not allowed.");
        }
        return new Resolved(files, f);
    }

    /** The id in a file URI; see the class comment for the accepted forms. */
    static String idOf(String fileUri) {
        if (fileUri == null || fileUri.isBlank()) {
            throw ApiException.invalid("file_data.file_uri is empty.");
        }
        String u = fileUri.strip();
        int at = u.startsWith("files/") ? 0 : u.lastIndexOf("/files/") + 1;
        if (at == 0 && !u.startsWith("files/")) {
            throw ApiException.invalid("Unsupported file_data.file_uri \"" + MediaTypes.shorten(u)
                    + "\": expected files/<id> or a URI ending in /files/<id>.");
        }
        String id = u.substring(at + "files/".length());
        FileIds.require(id, u);
        return id;
    }
}
