package org.pollux.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pollux.convert.RandomModelWriter;
import org.pollux.model.ModelConfig;
import org.pollux.model.Presets;
import org.pollux.tensor.ComputeContext;
import org.pollux.tensor.DType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pollux new-model --preset NAME --type f16|q8_0|q4_0 --seed S -o FILE}: a real-shaped random model. */
@Command(name = "new-model", mixinStandardHelpOptions = true,
        description = "Write a model of a real shape with random weights (for benchmarks and tests).")
final class NewModelCommand implements Callable<Integer> {
    @Option(names = "--preset", required = true, paramLabel = "NAME",
            description = "gemma-3-1b, gemma-3-270m, gemma-3-4b, gemma-2-2b, gemma-1-2b, llama-3.2-1b, or tiny-NAME.")
    String preset;

    @Option(names = "--type", defaultValue = "q8_0", description = "f32, f16, bf16, q8_0, q4_0 or q4_k (default ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Output GGUF (written atomically).")
    Path out;

    @Option(names = {"-t", "--threads"}, description = "Threads (default: all cores).")
    Integer threads;

    @Override
    public Integer call() {
        ModelConfig c = Presets.get(preset);
        DType t = DType.parse(type);
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        try (ComputeContext ctx = ComputeContext.of(n);
                Progress p = new Progress("new-model " + preset + " " + t, RandomModelWriter.totalRows(c), "rows")) {
            RandomModelWriter.write(c, t, seed, "pollux-random-" + preset, out, ctx, p.stepTo());
        }
        System.err.println("wrote " + out);
        return 0;
    }
}
