package org.pollux.cli;

import java.nio.file.Path;
import org.pollux.models.EmbeddedModel;
import picocli.CommandLine.Option;

/** Options shared by every command that loads a model: the file and the thread count. */
final class ModelOptions {
    @Option(names = {"-m", "--model"}, paramLabel = "FILE",
            description = "GGUF model file, or the name of a built-in model (pollux-mini, stories260k); "
                    + "default: the embedded pollux-mini model.")
    Path model;

    @Option(names = {"-t", "--threads"}, paramLabel = "N",
            description = "Worker threads (default: all ${sys:pollux.cores:-available} cores).")
    Integer threads;

    Path modelPath() {
        return model == null ? EmbeddedModel.DEFAULT.path() : EmbeddedModel.fileOrBuiltIn(model.toString());
    }

    int threads() {
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + n);
        }
        return n;
    }
}
