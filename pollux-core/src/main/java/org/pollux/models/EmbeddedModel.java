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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The models that ship inside the jar; {@link #DEFAULT} is used when no {@code -m FILE} is given,
 * and any of them can be named instead of a file ({@code -m stories260k}).
 *
 * <p>{@link #POLLUX_MINI} is Pollux's own model, trained from scratch by {@code pollux train
 * --config recipes/pollux-mini.yaml}; {@link #STORIES_260K} is the stories260K TinyStories model
 * (llama2.c, MIT licence, by Andrej Karpathy) converted to GGUF by {@code pollux convert}, kept
 * because its tiny size and independent reference outputs make it the fixture of fast tests. See
 * {@code models/README.md}. GGUF files are memory-mapped, so a resource is extracted once to a
 * cache folder keyed by its content hash ({@code $POLLUX_CACHE}, else {@code ~/.cache/pollux},
 * else the temp folder), written atomically.
 */
public enum EmbeddedModel {
    POLLUX_MINI("pollux-mini", "/org/pollux/models/pollux-mini-q8_0.gguf"),
    STORIES_260K("stories260K", "/org/pollux/models/stories260K.gguf");

    /** The model of {@code run}, {@code chat} and {@code serve} without {@code -m}. */
    public static final EmbeddedModel DEFAULT = POLLUX_MINI;

    private final String displayName;
    private final String resource;

    EmbeddedModel(String displayName, String resource) {
        this.displayName = displayName;
        this.resource = resource;
    }

    /** The name in messages and file names ({@code stories260K}). */
    public String displayName() {
        return displayName;
    }

    /** The name it is served and selected under: lower case ({@code stories260k}). */
    public String id() {
        return displayName.toLowerCase(Locale.ROOT);
    }

    /** The class-path resource holding the GGUF bytes. */
    public String resource() {
        return resource;
    }

    /** The built-in model of this id (any case), if there is one. */
    public static Optional<EmbeddedModel> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id().equalsIgnoreCase(id)).findFirst();
    }

    /**
     * What a {@code -m} argument names: an existing file; else a built-in model of that id
     * (extracted); else the path as given, for the caller's "does not exist" error.
     */
    public static Path fileOrBuiltIn(String arg) {
        Path p = Path.of(arg);
        if (Files.exists(p)) {
            return p;
        }
        return byId(arg).map(EmbeddedModel::path).orElse(p);
    }

    /** The ids, for messages ({@code pollux-mini, stories260k}). */
    public static String ids() {
        return Arrays.stream(values()).map(EmbeddedModel::id).collect(Collectors.joining(", "));
    }

    /** Path of the extracted model, extracting it on first use. */
    public Path path() {
        synchronized (EmbeddedModel.class) {
            byte[] bytes = readResource();
            String hash = sha256(bytes).substring(0, 16);
            Path dir = cacheDir().resolve("models");
            Path target = dir.resolve(displayName + "-" + hash + ".gguf");
            try {
                if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
                    return target;
                }
                Files.createDirectories(dir);
                Path tmp = Files.createTempFile(dir, displayName, ".part");
                try {
                    Files.write(tmp, bytes);
                    try {
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE,
                                StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                } finally {
                    Files.deleteIfExists(tmp);
                }
                return target;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot extract the embedded model " + displayName + " to " + dir
                        + ": " + e.getMessage(), e);
            }
        }
    }

    private byte[] readResource() {
        try (InputStream in = EmbeddedModel.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the embedded model " + resource + " is missing from the class path");
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
