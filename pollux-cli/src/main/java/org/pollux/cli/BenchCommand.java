package org.pollux.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.pollux.bench.BandwidthProbe;
import org.pollux.bench.BenchmarkReport;
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
            double bw = bandwidthMib > 0 ? BandwidthProbe.measure(ctx, (long) bandwidthMib << 20, 5) : Double.NaN;
            BenchmarkReport report = new BenchmarkReport(modelOptions.modelPath().getFileName().toString(),
                    fileSize(modelOptions.modelPath()), threads, settings, r, bw, model.weights().bytesPerToken());
            if (json) {
                System.out.println(report.toJson());
                return 0;
            }
            System.out.println(BenchmarkReport.markdownHeader());
            report.markdownRows().forEach(System.out::println);
            if (!Double.isNaN(bw)) {
                double limit = report.limitTokensPerSecond();
                System.out.printf(Locale.ROOT,
                        "%nmemory bandwidth (read, %d threads): %.1f GB/s; weights read per token: %.0f MB;"
                                + " generation limit: %.1f tok/s%s%n",
                        threads, bw / 1e9, report.bytesPerToken() / 1e6, limit,
                        r.genTokensPerSecond() == null ? "" : String.format(Locale.ROOT, " (reached %.0f%%)",
                                100 * r.genTokensPerSecond().mean() / limit));
            }
        }
        return 0;
    }

    private static long fileSize(java.nio.file.Path p) {
        try {
            return java.nio.file.Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
