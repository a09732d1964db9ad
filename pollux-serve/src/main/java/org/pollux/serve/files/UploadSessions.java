package org.pollux.serve.files;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.pollux.serve.api.ApiException;

/**
 * Resumable uploads (API.md §1.6): a session row in the database and the bytes so far in a partial
 * file, so an upload survives a restart. Each chunk must start where the last one ended; the
 * final one turns the partial file into the file.
 *
 * <p>The SHA-256 is computed as chunks stream in; its running state is kept in memory per session
 * and rebuilt from the partial file when missing (after a restart).
 */
final class UploadSessions {
    private final FileService files;
    private final FileMetadataStore store;
    private final BlobStore blobs;
    private final FilesSettings settings;
    /** Running hash per unfinished session, valid for its first {@code length} bytes. */
    private final Map<String, DigestAt> digests = new ConcurrentHashMap<>();
    /** One session's requests run one at a time (striped: a lock per session would have to be freed). */
    private final ReentrantLock[] locks = new ReentrantLock[64];

    private record DigestAt(long length, MessageDigest digest) {}

    /** What a chunk request did: the session now, and the file if it finished the upload. */
    record Progress(UploadSession session, StoredFile file) {
        boolean finished() {
            return file != null;
        }
    }

    UploadSessions(FileService files, FileMetadataStore store, BlobStore blobs, FilesSettings settings) {
        this.files = files;
        this.store = store;
        this.blobs = blobs;
        this.settings = settings;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Opens a session for a file of {@code declaredSize} bytes (-1: unknown). */
    UploadSession start(UploadMetadata meta, String mimeType, long declaredSize) throws IOException {
        files.checkDeclaredSize(declaredSize);
        files.checkIdFree(meta.fileId());
        Instant now = files.now();
        String fileId = meta.fileId() != null ? meta.fileId() : FileIds.newFileId();
        UploadSession s = new UploadSession(FileIds.newUploadId(), fileId, meta.displayName(), mimeType, declaredSize,
                0, false, now, now.plus(settings.uploadTtl()));
        blobs.createPartial(s.uploadId());
        try {
            store.insertUpload(s);
        } catch (RuntimeException e) {
            blobs.deletePartial(s.uploadId());
            throw e;
        }
        digests.put(s.uploadId(), new DigestAt(0, BlobStore.sha256()));
        return s;
    }

    /** The live session with this id; an unknown, malformed or expired id is 404. */
    private UploadSession find(String uploadId) {
        if (!FileIds.isUploadId(uploadId)) {
            throw notFound();
        }
        return store.findUpload(uploadId).filter(s -> !s.expiredAt(files.now())).orElseThrow(UploadSessions::notFound);
    }

    private static ApiException notFound() {
        return ApiException.notFound("No such upload: the upload URL is unknown, was cancelled or has expired.");
    }

    /** The session as it stands ({@code query}); a finished one comes with its file. */
    Progress query(String uploadId) throws IOException {
        return locked(uploadId, () -> progressOf(find(uploadId)));
    }

    private Progress progressOf(UploadSession s) {
        return new Progress(s, s.finished() ? files.get(s.fileId()) : null);
    }

    /**
     * Stores a chunk that starts at {@code offset} and, with {@code finalize}, finishes the upload.
     * On a finished session this repeats the final answer (a client whose reply was lost retries).
     *
     * @param length the chunk's Content-Length, or -1
     */
    Progress upload(String uploadId, long offset, long length, InputStream body, boolean finalize) throws IOException {
        return locked(uploadId, () -> {
            UploadSession s = find(uploadId);
            if (s.finished()) {
                return progressOf(s);
            }
            if (offset != s.received()) {
                throw new WrongOffset(s, offset);
            }
            long declared = s.declaredSize();
            if (declared >= 0 && length >= 0 && s.received() + length > declared) {
                throw pastDeclared(s, s.received() + length);
            }
            FileService.Allowance a = files.allowance(s.received());
            long limit = a.bytes();
            var exceeded = a.exceeded();
            if (declared >= 0 && declared - s.received() < limit) {
                limit = declared - s.received();
                exceeded = () -> pastDeclared(s, declared + 1);
            }
            MessageDigest digest = digestFor(s);
            long n = blobs.append(uploadId, s.received(), body, limit, digest, exceeded);
            if (!store.advanceUpload(uploadId, s.received(), s.received() + n)) {
                throw new IllegalStateException("upload " + uploadId + " changed during a locked chunk");
            }
            UploadSession now = withReceived(s, s.received() + n);
            digests.put(uploadId, new DigestAt(now.received(), digest));
            return finalize ? finish(now, digest) : new Progress(now, null);
        });
    }

    /** Thrown for a chunk at the wrong offset; the route reports the size received with the 400. */
    static final class WrongOffset extends RuntimeException {
        final transient UploadSession session;

        WrongOffset(UploadSession s, long offset) {
            super("Invalid X-Goog-Upload-Offset " + offset + ": the upload has received " + s.received()
                    + " bytes, so the next chunk must start at offset " + s.received() + ".");
            this.session = s;
        }
    }

    private static ApiException pastDeclared(UploadSession s, long total) {
        return ApiException.invalid("The upload goes past its declared length: " + total + " bytes, but the start "
                + "request declared X-Goog-Upload-Header-Content-Length " + s.declaredSize() + ".");
    }

    private Progress finish(UploadSession s, MessageDigest digest) throws IOException {
        if (s.declaredSize() >= 0 && s.received() != s.declaredSize()) {
            throw ApiException.invalid("The upload was finalized after " + s.received() + " bytes, but its start "
                    + "request declared X-Goog-Upload-Header-Content-Length " + s.declaredSize()
                    + "; send the remaining bytes from offset " + s.received() + ".");
        }
        String sha = Base64.getEncoder().encodeToString(digest.digest());
        StoredFile f;
        try {
            f = files.reserve(s.fileId(), s.displayName(), s.mimeType(), s.received(), sha, s.received());
        } catch (ApiException e) {
            digests.remove(s.uploadId());
            throw e;
        }
        try {
            blobs.installPartial(s.uploadId(), f.id());
            Instant now = files.now();
            store.finishUpload(s.uploadId(), f.id(), now);
            digests.remove(s.uploadId());
            UploadSession done = new UploadSession(s.uploadId(), s.fileId(), s.displayName(), s.mimeType(),
                    s.declaredSize(), s.received(), true, s.createTime(), s.expireTime());
            return new Progress(done, f.withState(FileState.ACTIVE, now));
        } catch (IOException | RuntimeException e) {
            // The bytes may be gone from the partial file: this upload cannot be finished any more.
            store.deleteFile(f.id());
            blobs.delete(f.id());
            drop(s.uploadId());
            throw e;
        }
    }

    /** Drops a session and its bytes ({@code cancel}); a finished session's file stays. */
    void cancel(String uploadId) throws IOException {
        locked(uploadId, () -> {
            find(uploadId);
            drop(uploadId);
            return null;
        });
    }

    private void drop(String uploadId) throws IOException {
        store.deleteUpload(uploadId);
        blobs.deletePartial(uploadId);
        digests.remove(uploadId);
    }

    void sweep(Instant now) throws IOException {
        for (String id : store.expiredUploadIds(now)) {
            locked(id, () -> {
                drop(id);
                return null;
            });
        }
    }

    /** Drops unfinished sessions whose bytes are missing, and partial files without a session. */
    void reconcile() throws IOException {
        Set<String> unfinished = new HashSet<>();
        Set<String> onDisk = blobs.partialIds();
        for (UploadSession s : store.allUploads()) {
            if (s.finished()) {
                continue;
            }
            if (onDisk.contains(s.uploadId())) {
                unfinished.add(s.uploadId());
            } else {
                store.deleteUpload(s.uploadId());
            }
        }
        for (String id : onDisk) {
            if (!unfinished.contains(id)) {
                blobs.deletePartial(id);
            }
        }
    }

    private MessageDigest digestFor(UploadSession s) throws IOException {
        DigestAt d = digests.get(s.uploadId());
        if (d != null && d.length() == s.received()) {
            try {
                return (MessageDigest) d.digest().clone();
            } catch (CloneNotSupportedException e) {
                // fall through to rehashing
            }
        }
        return blobs.digestOf(s.uploadId(), s.received());
    }

    private static UploadSession withReceived(UploadSession s, long received) {
        return new UploadSession(s.uploadId(), s.fileId(), s.displayName(), s.mimeType(), s.declaredSize(), received,
                s.finished(), s.createTime(), s.expireTime());
    }

    @FunctionalInterface
    private interface Locked<T> {
        T run() throws IOException;
    }

    private <T> T locked(String uploadId, Locked<T> work) throws IOException {
        ReentrantLock lock = locks[Math.floorMod(uploadId.hashCode(), locks.length)];
        lock.lock();
        try {
            return work.run();
        } finally {
            lock.unlock();
        }
    }
}
