package org.pollux.serve.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.pollux.serve.api.ApiException;

/**
 * The bytes of files, on disk under one root ({@code <dataDir>/files}):
 * <pre>
 *   &lt;root&gt;/&lt;fileId&gt;               a file's bytes
 *   &lt;root&gt;/.partial/&lt;uploadId&gt;    a resumable upload's bytes so far
 *   &lt;root&gt;/.incoming/upload-*.tmp   a multipart or raw upload being received
 * </pre>
 * Paths are built from ids only, checked again here ({@link FileIds}), never from a name a client
 * sent. New bytes are written to a temporary file, hashed as they stream, forced to disk and then
 * renamed into place atomically, so a file's bytes are either all there or absent.
 */
final class BlobStore {
    private static final int BUFFER = 64 * 1024;

    private final Path root;
    private final Path partialDir;
    private final Path incomingDir;

    BlobStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.partialDir = this.root.resolve(".partial");
        this.incomingDir = this.root.resolve(".incoming");
        Files.createDirectories(partialDir);
        Files.createDirectories(incomingDir);
    }

    Path root() {
        return root;
    }

    /** Bytes received into a temporary file; closing it deletes the file unless it was installed. */
    static final class Received implements AutoCloseable {
        private final Path path;
        private final long size;
        private final String sha256;
        private boolean installed;

        private Received(Path path, long size, String sha256) {
            this.path = path;
            this.size = size;
            this.sha256 = sha256;
        }

        long size() {
            return size;
        }

        /** Standard base64 of the SHA-256. */
        String sha256() {
            return sha256;
        }

        @Override
        public void close() throws IOException {
            if (!installed) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Streams {@code in} to a new temporary file, hashing it; more than {@code limit} bytes throws
     * {@code overLimit}'s exception. On any failure nothing is left behind.
     */
    Received receive(InputStream in, long limit, Supplier<ApiException> overLimit) throws IOException {
        Path tmp = Files.createTempFile(incomingDir, "upload-", ".tmp");
        boolean ok = false;
        try {
            MessageDigest sha = sha256();
            long size;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                size = copy(in, ch, limit, sha, overLimit);
                ch.force(true);
            }
            ok = true;
            return new Received(tmp, size, Base64.getEncoder().encodeToString(sha.digest()));
        } finally {
            if (!ok) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Renames received bytes to the file's blob (atomic; the directory entry is forced to disk too). */
    void install(Received r, String fileId) throws IOException {
        Files.move(r.path, blob(fileId), StandardCopyOption.ATOMIC_MOVE);
        r.installed = true;
        syncDirectory(root);
    }

    /** Where a file's bytes are. */
    Path blob(String fileId) {
        return root.resolve(FileIds.require(fileId, fileId));
    }

    InputStream open(String fileId) throws IOException {
        return Files.newInputStream(blob(fileId));
    }

    void delete(String fileId) throws IOException {
        Files.deleteIfExists(blob(fileId));
    }

    // ---- resumable uploads

    private Path partial(String uploadId) {
        if (!FileIds.isUploadId(uploadId)) {
            throw new IllegalArgumentException("not an upload id: " + uploadId);
        }
        return partialDir.resolve(uploadId);
    }

    void createPartial(String uploadId) throws IOException {
        Files.createFile(partial(uploadId));
    }

    /**
     * Writes a chunk at {@code offset}, updating {@code digest} (which must hold the hash of the
     * first {@code offset} bytes); returns its length. Bytes past {@code offset} left by a chunk that
     * failed before it was recorded are dropped first; a chunk that fails is cut off again, so the
     * file always holds exactly the recorded bytes.
     */
    long append(String uploadId, long offset, InputStream in, long limit, MessageDigest digest,
            Supplier<ApiException> overLimit) throws IOException {
        try (FileChannel ch = FileChannel.open(partial(uploadId), StandardOpenOption.WRITE)) {
            if (ch.size() < offset) {
                throw new IOException("upload " + uploadId + " holds " + ch.size() + " bytes on disk but "
                        + offset + " were recorded");
            }
            ch.truncate(offset);
            ch.position(offset);
            boolean ok = false;
            try {
                long n = copy(in, ch, limit, digest, overLimit);
                ch.force(true);
                ok = true;
                return n;
            } finally {
                if (!ok) {
                    ch.truncate(offset);
                }
            }
        }
    }

    /** The hash of a partial upload's first {@code length} bytes (after a restart, or a digest lost to a failed chunk). */
    MessageDigest digestOf(String uploadId, long length) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = Files.newInputStream(partial(uploadId))) {
            byte[] buf = new byte[BUFFER];
            long left = length;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("upload " + uploadId + " is shorter on disk than its recorded " + length
                            + " bytes");
                }
                sha.update(buf, 0, n);
                left -= n;
            }
        }
        return sha;
    }

    /** Renames a finished upload's bytes to the file's blob. */
    void installPartial(String uploadId, String fileId) throws IOException {
        Path p = partial(uploadId);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(p, blob(fileId), StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(root);
    }

    void deletePartial(String uploadId) throws IOException {
        Files.deleteIfExists(partial(uploadId));
    }

    // ---- startup reconciliation

    /** Ids of the blobs present (names that are not file ids are not ours and are left alone). */
    Set<String> blobIds() throws IOException {
        return names(root, FileIds::isFileId);
    }

    Set<String> partialIds() throws IOException {
        return names(partialDir, FileIds::isUploadId);
    }

    /** Deletes one-shot uploads a crash left behind. */
    void clearIncoming() throws IOException {
        for (String name : names(incomingDir, n -> n.startsWith("upload-") && n.endsWith(".tmp"))) {
            Files.deleteIfExists(incomingDir.resolve(name));
        }
    }

    private static Set<String> names(Path dir, java.util.function.Predicate<String> accept) throws IOException {
        Set<String> out = new HashSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (Files.isRegularFile(p) && accept.test(name)) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    // ---- helpers

    private static long copy(InputStream in, FileChannel out, long limit, MessageDigest sha,
            Supplier<ApiException> overLimit) throws IOException {
        byte[] buf = new byte[BUFFER];
        long total = 0;
        for (int n; (n = in.read(buf)) >= 0; ) {
            if (n > limit - total) {
                throw overLimit.get();
            }
            sha.update(buf, 0, n);
            ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
            while (bb.hasRemaining()) {
                out.write(bb);
            }
            total += n;
        }
        return total;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Forces a rename to disk; a no-op where directories cannot be opened (not Linux or macOS). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // The rename itself is atomic; only its durability across power loss is platform-dependent.
        }
    }
}
