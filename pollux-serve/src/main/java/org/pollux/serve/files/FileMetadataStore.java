package org.pollux.serve.files;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where file metadata and resumable-upload sessions are kept. One implementation,
 * {@link JdbcFileMetadataStore}, serves SQLite and PostgreSQL; the contract tests run against both.
 * Failures of the database are {@link MetadataStoreException}s.
 */
public interface FileMetadataStore extends AutoCloseable {
    /** Adds a file; false (and nothing changed) when a row with its id exists, expired or not. */
    boolean insertFile(StoredFile file);

    /** The file with this id whatever its state or expiry, or empty. */
    Optional<StoredFile> findFile(String id);

    /** Files not expired at {@code now}, newest first (ties by id). */
    List<StoredFile> listFiles(Instant now);

    /** Every file row, expired or not (startup reconciliation). */
    List<StoredFile> allFiles();

    /** Sets a file's state and update time; false when there is no such file. */
    boolean setFileState(String id, FileState state, Instant updateTime);

    /** false when there was no such file. */
    boolean deleteFile(String id);

    /** Ids of files expired at {@code now}. */
    List<String> expiredFileIds(Instant now);

    /** Total size of all file rows (expired ones too: their bytes are on disk until swept). */
    long storedBytes();

    /** Adds an upload session (its id is random and fresh). */
    void insertUpload(UploadSession session);

    /** The session with this id, expired or not, or empty. */
    Optional<UploadSession> findUpload(String uploadId);

    /**
     * Moves an unfinished session's {@code received} from {@code from} to {@code to}; false when it
     * was not at {@code from} (another request advanced it) or is gone.
     */
    boolean advanceUpload(String uploadId, long from, long to);

    /** In one transaction: makes the file ACTIVE and marks the session finished. */
    void finishUpload(String uploadId, String fileId, Instant now);

    /** false when there was no such session. */
    boolean deleteUpload(String uploadId);

    /** Ids of sessions expired at {@code now}. */
    List<String> expiredUploadIds(Instant now);

    /** Every session (startup reconciliation). */
    List<UploadSession> allUploads();

    /** Bytes held by unfinished sessions. */
    long pendingBytes();

    @Override
    void close();
}
