package org.pollux.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.pollux.bench.BandwidthProbe;
import org.pollux.bench.BenchmarkRunner;
import org.pollux.model.Decoder;
import org.pollux.model.ModelLoader;
import org.pollux.tensor.ComputeContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pollux bench -m FILE [-t N] [-p 512] [-n 128] [-r 3]}: llama-bench-style prompt-processing and
 * generation speed, plus the memory-bandwidth limit of generation measured in the same run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure prompt-processing and generation tokens/s (mean ± sd), like llama-bench.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ModelOptions modelOptions;

    @Option(names = {"-p", "--n-prompt"}, defaultValue = "512", description = "Prompt tokens (0 to skip; default ${DEFAULT-VALUE}).")
    int prompt;

    @Option(names = {"-n", "--n-gen"}, defaultValue = "128", description = "Generated tokens (0 to skip; default ${DEFAULT-VALUE}).")
    int gen;

    @Option(names = {"-r", "--repetitions"}, defaultValue = "3", description = "Repetitions (default ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--bandwidth-mib", defaultValue = "1024",
            description = "Size of the bandwidth probe buffer in MiB (0 to skip; default ${DEFAULT-VALUE}).")
    int bandwidthMib;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    boolean json;

    @Override
    public Integer call() {
        BenchmarkRunner.Settings settings = new BenchmarkRunner.Settings(prompt, gen, reps);
        int threads = modelOptions.threads();
        try (ComputeContext ctx = ComputeContext.of(threads); Decoder model = ModelLoader.load(modelOptions.modelPath(), ctx)) {
            BenchmarkRunner.Result r = BenchmarkRunner.run(model, settings, line -> System.err.println("  " + line));
            double bw = bandwidthMib > 0 ? BandwidthProbe.measure(ctx, (long) bandwidthMib << 20, 5) : 0;
            long bytesPerToken = model.weights().bytesPerToken();
            double limit = bw > 0 ? bw / bytesPerToken : 0;
            String file = modelOptions.modelPath().getFileName().toString();
            if (json) {
                System.out.printf(Locale.ROOT,
                        "{\"model\":\"%s\",\"threads\":%d,\"pp\":%d,\"tg\":%d,\"reps\":%d,\"pp_mean\":%.3f,\"pp_sd\":%.3f,"
                                + "\"tg_mean\":%.3f,\"tg_sd\":%.3f,\"bandwidth_gbs\":%.3f,\"bytes_per_token\":%d,"
                                + "\"tg_limit\":%.3f}%n",
                        file, threads, prompt, gen, reps,
                        r.promptTokensPerSecond() == null ? 0 : r.promptTokensPerSecond().mean(),
                        r.promptTokensPerSecond() == null ? 0 : r.promptTokensPerSecond().sd(),
                        r.genTokensPerSecond() == null ? 0 : r.genTokensPerSecond().mean(),
                        r.genTokensPerSecond() == null ? 0 : r.genTokensPerSecond().sd(), bw / 1e9, bytesPerToken, limit);
                return 0;
            }
            System.out.println("| model | size | threads | test | t/s |");
            System.out.println("| --- | ---: | ---: | --- | ---: |");
            String size = String.format(Locale.ROOT, "%.0f MB", model.weights().bytesPerToken() / 1e6);
            if (r.promptTokensPerSecond() != null) {
                System.out.printf(Locale.ROOT, "| %s | %s | %d | pp%d | %s |%n", file, size, threads, prompt, r.promptTokensPerSecond());
            }
            if (r.genTokensPerSecond() != null) {
                System.out.printf(Locale.ROOT, "| %s | %s | %d | tg%d | %s |%n", file, size, threads, gen, r.genTokensPerSecond());
            }
            if (bw > 0) {
                System.out.printf(Locale.ROOT,
                        "%nmemory bandwidth (read, %d threads): %.1f GB/s; weights read per token: %.0f MB;"
                                + " generation limit: %.1f tok/s%s%n",
                        threads, bw / 1e9, bytesPerToken / 1e6, limit,
                        r.genTokensPerSecond() == null ? "" : String.format(Locale.ROOT, " (reached %.0f%%)",
                                100 * r.genTokensPerSecond().mean() / limit));
            }
        }
        return 0;
    }
}
