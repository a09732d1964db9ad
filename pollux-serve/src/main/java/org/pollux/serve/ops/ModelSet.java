package org.pollux.serve.ops;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.pollux.generate.batch.SchedulerOptions;
import org.pollux.models.EmbeddedModel;
import org.pollux.serve.models.ModelFiles;
import org.pollux.serve.models.ModelRegistry;

/**
 * The models a server was started with, open; closing the set closes their files. With no
 * specs it holds the embedded default model.
 */
public final class ModelSet implements AutoCloseable {
    private final ModelRegistry registry = new ModelRegistry();
    private final List<ModelFiles.Opened> opened = new ArrayList<>();

    private ModelSet() {}

    /**
     * Opens every spec (each model with {@code threads} compute threads); a failure closes the
     * ones already open and names the spec that failed.
     */
    public static ModelSet open(List<ModelSpec> specs, int threads) {
        return open(specs, threads, SchedulerOptions.defaults());
    }

    /** Opens every spec, each served by a batching scheduler with {@code scheduling}. */
    public static ModelSet open(List<ModelSpec> specs, int threads, SchedulerOptions scheduling) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        Set<String> names = new HashSet<>();
        for (ModelSpec s : specs) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("two models are named \"" + s.name()
                        + "\"; give them different names with -m NAME=FILE");
            }
        }
        ModelSet set = new ModelSet();
        try {
            if (specs.isEmpty()) {
                set.add(ModelFiles.openEmbedded(EmbeddedModel.DEFAULT, threads, scheduling));
            }
            for (ModelSpec s : specs) {
                set.add(s.open(threads, scheduling));
            }
            return set;
        } catch (RuntimeException e) {
            set.closeQuietly(e);
            throw e;
        }
    }

    private void add(ModelFiles.Opened o) {
        opened.add(o);
        registry.add(o.model());
    }

    public ModelRegistry registry() {
        return registry;
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (ModelFiles.Opened o : opened) {
            try {
                o.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        opened.clear();
        if (first != null) {
            throw first;
        }
    }

    private void closeQuietly(RuntimeException cause) {
        try {
            close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }
}
