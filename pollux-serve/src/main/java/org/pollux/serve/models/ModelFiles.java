package org.pollux.serve.models;

import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import org.pollux.generate.batch.BatchingScheduler;
import org.pollux.generate.batch.SchedulerOptions;
import org.pollux.model.LoadedModel;
import org.pollux.models.EmbeddedModel;

/**
 * Opens GGUF files as {@link ServedModel}s whose generations run through a
 * {@link BatchingScheduler}: concurrent requests share each decode step.
 */
public final class ModelFiles {
    private ModelFiles() {}

    /** A served model for {@code path} under {@code id} with the default scheduler settings. */
    public static Opened open(String id, Path path, int threads) {
        return open(id, path, threads, SchedulerOptions.defaults());
    }

    /** A served model for {@code path} under {@code id}; the returned handle stops its scheduler and closes the file. */
    public static Opened open(String id, Path path, int threads, SchedulerOptions scheduling) {
        LoadedModel loaded = new LoadedModel(path, threads);
        try {
            ReentrantLock lock = new ReentrantLock(true);
            BatchingScheduler scheduler = new BatchingScheduler(loaded.model(), loaded.tokenizer(), scheduling, lock);
            ServedModel served = new ServedModel(id, id, "Local model " + path.getFileName() + " ("
                    + loaded.model().config().architecture() + ", " + loaded.model().config().layers() + " layers)",
                    loaded.model(), loaded.tokenizer(), loaded.template(), scheduler, lock);
            return new Opened(served, () -> {
                try {
                    scheduler.close();
                } finally {
                    loaded.close();
                }
            });
        } catch (RuntimeException e) {
            loaded.close();
            throw e;
        }
    }

    /** A model built into the jar, under its id ({@code pollux-mini}, {@code stories260k}). */
    public static Opened openEmbedded(EmbeddedModel builtIn, int threads) {
        return openEmbedded(builtIn, threads, SchedulerOptions.defaults());
    }

    public static Opened openEmbedded(EmbeddedModel builtIn, int threads, SchedulerOptions scheduling) {
        return open(builtIn.id(), builtIn.path(), threads, scheduling);
    }

    /** A served model and what closes it (its scheduler, then its file). */
    public record Opened(ServedModel model, AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            resources.close();
        }
    }
}
