package org.pollux.serve.models;

import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import org.pollux.generate.Generator;
import org.pollux.model.LoadedModel;
import org.pollux.models.EmbeddedModel;

/** Opens GGUF files as {@link ServedModel}s. */
public final class ModelFiles {
    private ModelFiles() {}

    /** A served model for {@code path} under {@code id}; the returned handle closes the file. */
    public static Opened open(String id, Path path, int threads) {
        LoadedModel loaded = new LoadedModel(path, threads);
        try {
            Generator generator = new Generator(loaded.model(), loaded.tokenizer());
            ReentrantLock lock = new ReentrantLock(true);
            ServedModel served = new ServedModel(id, id, "Local model " + path.getFileName() + " ("
                    + loaded.model().config().architecture() + ", " + loaded.model().config().layers() + " layers)",
                    loaded.model(), loaded.tokenizer(), loaded.template(), new SerialGenerationService(generator, lock),
                    lock);
            return new Opened(served, loaded);
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /** The embedded default model (stories260K) under its own name. */
    public static Opened openEmbedded(int threads) {
        return open(EmbeddedModel.NAME.toLowerCase(java.util.Locale.ROOT), EmbeddedModel.path(), threads);
    }

    /** A served model and the file it came from. */
    public record Opened(ServedModel model, AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resources.close();
        }
    }
}
