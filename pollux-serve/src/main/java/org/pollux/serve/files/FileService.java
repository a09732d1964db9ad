package org.pollux.serve.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.pollux.serve.ServerConfig;
import org.pollux.serve.api.ApiException;
import org.pollux.serve.api.ApiStatus;

/**
 * The files of one server: metadata in a {@link FileMetadataStore}, bytes in a {@link BlobStore},
 * limits from {@link FilesSettings}. It creates files from received bytes, finds, lists and deletes
 * them, and deletes expired ones (a sweeper thread; expired files are 404 before that already).
 *
 * <p>A new file's row is inserted as PROCESSING (which reserves its id and counts towards the
 * quota), its bytes are renamed into place, and only then is it ACTIVE. On startup, leftovers of a
 * crash are removed: PROCESSING rows, blobs without a row, partial uploads without a session.
 * A data directory and its database belong to one server at a time.
 */
public final class FileService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FileService.class.getName());
    private static final int ID_ATTEMPTS = 5;

    private final FileMetadataStore store;
    private final BlobStore blobs;
    private final FilesSettings settings;
    private final boolean strictJson;
    private final long maxMetadataBytes;
    private final UploadSessions uploads;
    private final ScheduledExecutorService sweeper;
    /** Serializes the quota check with the insert it guards (concurrent uploads would both pass it). */
    private final Object reserveLock = new Object();

    FileService(FileMetadataStore store, BlobStore blobs, FilesSettings settings, boolean strictJson,
            long maxMetadataBytes) {
        this.store = store;
        this.blobs = blobs;
        this.settings = settings;
        this.strictJson = strictJson;
        this.maxMetadataBytes = maxMetadataBytes;
        this.uploads = new UploadSessions(this, store, blobs, settings);
        reconcile();
        sweep();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pollux-files-sweeper");
            t.setDaemon(true);
            return t;
        });
        long every = settings.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweepLogged, every, every, TimeUnit.MILLISECONDS);
    }

    /** The server's files with default limits: SQLite in {@code dataDir} unless the config names a database. */
    public static FileService open(ServerConfig config) {
        return open(config, FilesSettings.defaults());
    }

    public static FileService open(ServerConfig config, FilesSettings settings) {
        try {
            Path dataDir = config.dataDir().toAbsolutePath();
            Files.createDirectories(dataDir);
            String url = config.databaseUrl() == null || config.databaseUrl().isBlank()
                    ? SqlDialect.sqliteUrl(dataDir.resolve("files.db"))
                    : config.databaseUrl();
            BlobStore blobs = new BlobStore(dataDir.resolve("files"));
            JdbcFileMetadataStore store = new JdbcFileMetadataStore(url);
            try {
                return new FileService(store, blobs, settings, config.strict(), Math.min(config.maxBodyBytes(), 1 << 20));
            } catch (RuntimeException e) {
                store.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the files directory under " + config.dataDir(), e);
        }
    }

    /** Resolution of {@code fileData.fileUri} for generateContent. */
    public StoredFiles storedFiles() {
        return new StoredFiles(this);
    }

    UploadSessions uploads() {
        return uploads;
    }

    boolean strictJson() {
        return strictJson;
    }

    long maxMetadataBytes() {
        return maxMetadataBytes;
    }

    /** The current time at the API's precision (microseconds). */
    Instant now() {
        return settings.clock().instant().truncatedTo(ChronoUnit.MICROS);
    }

    // ---- reading

    /** A file that exists and has not expired; 404 otherwise. */
    StoredFile get(String id) {
        return store.findFile(id).filter(f -> !f.expiredAt(now())).orElseThrow(() -> notFound(id));
    }

    /** Files not expired, newest first. */
    List<StoredFile> list() {
        return store.listFiles(now());
    }

    InputStream open(StoredFile f) throws IOException {
        return blobs.open(f.id());
    }

    static ApiException notFound(String id) {
        return ApiException.notFound("File files/" + id + " does not exist (it may have been deleted or have expired).");
    }

    // ---- writing

    /** Deletes a file and its bytes; 404 when it does not exist or has expired. */
    void delete(String id) throws IOException {
        get(id);
        if (!store.deleteFile(id)) {
            throw notFound(id);
        }
        blobs.delete(id);
    }

    /**
     * How many more bytes an upload that has {@code received} so far may take, and the error for
     * going past that: the per-file limit (400) or the quota (429), whichever is nearer.
     */
    record Allowance(long bytes, Supplier<ApiException> exceeded) {}

    Allowance allowance(long received) {
        long fileLeft = settings.maxFileBytes() - received;
        if (settings.quotaBytes() > 0) {
            long quotaLeft = settings.quotaBytes() - store.storedBytes() - store.pendingBytes();
            if (quotaLeft < fileLeft) {
                return new Allowance(Math.max(0, quotaLeft), this::quotaExceeded);
            }
        }
        return new Allowance(fileLeft, this::tooLarge);
    }

    /** Refuses a declared size up front, before any byte is read. */
    void checkDeclaredSize(long declared) {
        if (declared < 0) {
            return;
        }
        if (declared > settings.maxFileBytes()) {
            throw tooLarge();
        }
        Allowance a = allowance(0);
        if (declared > a.bytes()) {
            throw a.exceeded().get();
        }
    }

    ApiException tooLarge() {
        return ApiException.invalid("The file is too large: this server accepts files of at most "
                + settings.maxFileBytes() + " bytes.");
    }

    private ApiException quotaExceeded() {
        return new ApiException(ApiStatus.RESOURCE_EXHAUSTED, "Storage quota exceeded: files may use at most "
                + settings.quotaBytes() + " bytes in total. Delete files to make room.");
    }

    /** Receives a multipart or raw upload's bytes into a temporary file (see {@link #create}). */
    BlobStore.Received receive(InputStream in, long declared) throws IOException {
        checkDeclaredSize(declared);
        Allowance a = allowance(0);
        return blobs.receive(in, a.bytes(), a.exceeded());
    }

    /** Makes received bytes a file; the received bytes must match the declared size, if any. */
    StoredFile create(BlobStore.Received data, UploadMetadata meta, String mimeType) throws IOException {
        if (meta.sizeBytes() >= 0 && meta.sizeBytes() != data.size()) {
            throw ApiException.invalid("The upload has " + data.size() + " bytes but its metadata declared size_bytes "
                    + meta.sizeBytes() + ".");
        }
        StoredFile f = reserve(meta.fileId(), meta.displayName(), mimeType, data.size(), data.sha256(), 0);
        try {
            blobs.install(data, f.id());
        } catch (IOException | RuntimeException e) {
            store.deleteFile(f.id());
            throw e;
        }
        return activate(f);
    }

    /**
     * Inserts a PROCESSING row for a new file after checking the quota (the bytes of an upload
     * session, {@code pendingOfUpload}, are already counted as pending). A requested id that
     * exists is 409; an expired file in its way is purged first.
     */
    StoredFile reserve(String requestedId, String displayName, String mimeType, long size, String sha256,
            long pendingOfUpload) throws IOException {
        synchronized (reserveLock) {
            if (settings.quotaBytes() > 0
                    && store.storedBytes() + store.pendingBytes() - pendingOfUpload + size > settings.quotaBytes()) {
                throw quotaExceeded();
            }
            Instant now = now();
            for (int attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
                String id = requestedId != null ? requestedId : FileIds.newFileId();
                var existing = store.findFile(id);
                if (existing.isPresent() && existing.get().expiredAt(now)) {
                    purge(id);
                }
                StoredFile f = new StoredFile(id, displayName, mimeType, size, sha256, FileState.PROCESSING, now, now,
                        now.plus(settings.fileTtl()));
                if (store.insertFile(f)) {
                    return f;
                }
                if (requestedId != null) {
                    throw alreadyExists(id);
                }
            }
            throw new IllegalStateException("no free file id after " + ID_ATTEMPTS + " random tries");
        }
    }

    /** Whether a requested id is taken by a live file (checked early, before the bytes come). */
    void checkIdFree(String requestedId) {
        if (requestedId != null && store.findFile(requestedId).filter(f -> !f.expiredAt(now())).isPresent()) {
            throw alreadyExists(requestedId);
        }
    }

    private static ApiException alreadyExists(String id) {
        return new ApiException(ApiStatus.ALREADY_EXISTS, "File files/" + id + " already exists.");
    }

    private StoredFile activate(StoredFile f) throws IOException {
        Instant now = now();
        if (!store.setFileState(f.id(), FileState.ACTIVE, now)) {
            // Deleted (files.delete) while its bytes were being moved into place.
            blobs.delete(f.id());
            throw notFound(f.id());
        }
        return f.withState(FileState.ACTIVE, now);
    }

    /** Deletes a file's row and bytes (expired or leftover). */
    private void purge(String id) throws IOException {
        store.deleteFile(id);
        blobs.delete(id);
    }

    // ---- expiry and recovery

    /** Deletes expired files and upload sessions with their bytes. */
    public void sweep() {
        Instant now = now();
        try {
            for (String id : store.expiredFileIds(now)) {
                purge(id);
            }
            uploads.sweep(now);
        } catch (IOException e) {
            throw new UncheckedIOException("sweeping expired files", e);
        }
    }

    private void sweepLogged() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sweeping expired files failed (will retry): " + e.getMessage(), e);
        }
    }

    /** Removes what a crash can leave: PROCESSING rows, unowned blobs, partial uploads without a session. */
    private void reconcile() {
        try {
            blobs.clearIncoming();
            Set<String> rows = new HashSet<>();
            for (StoredFile f : store.allFiles()) {
                if (f.state() == FileState.PROCESSING) {
                    LOG.info(() -> "removing files/" + f.id() + ", whose upload was interrupted");
                    purge(f.id());
                } else {
                    rows.add(f.id());
                }
            }
            for (String id : blobs.blobIds()) {
                if (!rows.contains(id)) {
                    LOG.info(() -> "removing stray file bytes " + id + " (no metadata row)");
                    blobs.delete(id);
                }
            }
            uploads.reconcile();
        } catch (IOException e) {
            throw new UncheckedIOException("checking the files directory " + blobs.root(), e);
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        try {
            sweeper.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.close();
    }
}
