package org.pollux.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The model that ships inside the jar, used when no {@code -m FILE} is given.
 *
 * <p>Today it is the stories260K TinyStories model (llama2.c, MIT licence, by Andrej Karpathy),
 * converted to GGUF by {@code pollux convert}; see {@code models/README.md}. GGUF files are
 * memory-mapped, so the resource is extracted once to a cache folder keyed by its content hash
 * ({@code $POLLUX_CACHE}, else {@code ~/.cache/pollux}, else the temp folder), written atomically.
 */
public final class EmbeddedModel {
    public static final String RESOURCE = "/org/pollux/models/stories260K.gguf";
    public static final String NAME = "stories260K";

    private EmbeddedModel() {}

    /** Path of the extracted default model, extracting it on first use. */
    public static synchronized Path path() {
        byte[] bytes = readResource();
        String hash = sha256(bytes).substring(0, 16);
        Path dir = cacheDir().resolve("models");
        Path target = dir.resolve(NAME + "-" + hash + ".gguf");
        try {
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
                return target;
            }
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, NAME, ".part");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the embedded model to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readResource() {
        try (InputStream in = EmbeddedModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the embedded model " + RESOURCE + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path cacheDir() {
        String env = System.getenv("POLLUX_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path home = Path.of(System.getProperty("user.home", "."));
        Path cache = home.resolve(".cache").resolve("pollux");
        if (Files.isWritable(home) || Files.isDirectory(cache)) {
            return cache;
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "pollux-cache");
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
