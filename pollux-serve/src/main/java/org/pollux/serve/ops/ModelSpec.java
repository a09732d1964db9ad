package org.pollux.serve.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.pollux.models.EmbeddedModel;
import org.pollux.serve.models.ModelFiles;
import org.pollux.serve.models.ServedModel;

/**
 * One model to serve, as {@code pollux serve -m [NAME=]FILE} names it: {@code gemma=/m/g.gguf}
 * serves the file as {@code models/gemma}; a bare {@code /m/gemma-3-1b-it.gguf} is named after
 * the file ({@code models/gemma-3-1b-it}). A built-in model's id stands for its file where no
 * file of that name exists ({@code -m stories260k}, {@code -m tiny=stories260k}).
 */
public record ModelSpec(String name, Path file) {
    public ModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
    }

    /**
     * Parses {@code NAME=FILE} or {@code FILE}. An argument is read as {@code NAME=FILE} only when
     * the part before the first '=' is a valid name and the whole argument is not itself an
     * existing file (so a file called {@code a=b.gguf} can still be served by its path).
     */
    public static ModelSpec parse(String arg) {
        if (arg == null || arg.isBlank()) {
            throw new IllegalArgumentException("-m needs a model file, or NAME=FILE");
        }
        int eq = arg.indexOf('=');
        if (eq > 0 && arg.substring(0, eq).matches(ServedModel.ID_PATTERN) && !Files.exists(Path.of(arg))) {
            String file = arg.substring(eq + 1);
            if (file.isEmpty()) {
                throw new IllegalArgumentException("-m " + arg + ": no file after '='");
            }
            return new ModelSpec(arg.substring(0, eq), EmbeddedModel.fileOrBuiltIn(file));
        }
        Path file = Path.of(arg);
        if (Files.exists(file)) {
            return new ModelSpec(nameOf(file), file);
        }
        // A built-in model is served under its id, not under its extracted file's name.
        return EmbeddedModel.byId(arg).map(m -> new ModelSpec(m.id(), m.path()))
                .orElseGet(() -> new ModelSpec(nameOf(file), file));
    }

    /** The file name without {@code .gguf}, with characters a model name cannot hold turned into '-'. */
    static String nameOf(Path file) {
        String base = file.getFileName() == null ? "" : file.getFileName().toString();
        if (base.toLowerCase(java.util.Locale.ROOT).endsWith(".gguf")) {
            base = base.substring(0, base.length() - ".gguf".length());
        }
        String name = base.replaceAll("[^a-zA-Z0-9._-]+", "-").replaceAll("^[._-]+", "");
        if (!name.matches(ServedModel.ID_PATTERN)) {
            throw new IllegalArgumentException("cannot name a model after the file \"" + file
                    + "\"; name it with -m NAME=FILE");
        }
        return name;
    }

    /** Opens the file, with a precise message when it is missing or unreadable. */
    public ModelFiles.Opened open(int threads) {
        return open(threads, org.pollux.generate.batch.SchedulerOptions.defaults());
    }

    /** Opens the file, served by a batching scheduler with {@code scheduling}. */
    public ModelFiles.Opened open(int threads, org.pollux.generate.batch.SchedulerOptions scheduling) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("model file " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model file " + file + " is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("model file " + file + " is not readable (check its permissions)");
        }
        return ModelFiles.open(name, file, threads, scheduling);
    }
}
