package org.pollux.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import org.pollux.serve.PolluxServer;
import org.pollux.serve.ServerConfig;
import org.pollux.serve.bench.ServeBenchmark;
import org.pollux.serve.bench.StreamingClient;
import org.pollux.serve.models.ModelFiles;
import org.pollux.serve.models.ModelRegistry;
import org.pollux.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pollux bench-serve -m FILE [--streams 1,4,8,16] [-n 64] [--prefix 4096]}: starts the server
 * in-process on a free port and measures it through the HTTP API, as clients see it.
 */
@Command(name = "bench-serve", mixinStandardHelpOptions = true,
        description = "Measure the server: aggregate tokens/s at N concurrent streams, time to first token, "
                + "and time to first token with and without a cached prompt prefix.")
final class BenchServeCommand implements Callable<Integer> {
    private static final String KEY = "bench";

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--streams", split = ",", defaultValue = "1,4,8,16",
            description = "Concurrent stream counts to measure (default ${DEFAULT-VALUE}).")
    List<Integer> streams;

    @Option(names = {"-n", "--max-tokens"}, defaultValue = "64", description = "Tokens per reply (default ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--requests", defaultValue = "2", description = "Requests per stream (default ${DEFAULT-VALUE}).")
    int perStream;

    @Option(names = "--prefix", defaultValue = "4096",
            description = "Tokens of the cached prefix in the cache test (0 to skip; default ${DEFAULT-VALUE}).")
    int prefixTokens;

    @Option(names = "--url", paramLabel = "URL",
            description = "Measure a server that is already running (e.g. http://127.0.0.1:8080) instead of "
                    + "starting one in this process; the load then comes from another process.")
    String url;

    @Option(names = "--api-key", description = "API key for --url (default: none).")
    String apiKey;

    @Option(names = "--model-name", description = "Model id to request with --url (default: the first one listed).")
    String modelName;

    @Override
    public Integer call() throws Exception {
        if (url != null) {
            StreamingClient client = new StreamingClient(url.replaceAll("/+$", ""), apiKey == null ? "" : apiKey);
            String name = modelName != null ? modelName : firstModel(client);
            measure(new ServeBenchmark(client, name, line -> System.err.println("  " + line)),
                    text -> countTokens(client, name, text));
            return 0;
        }
        Path data = Files.createTempDirectory("pollux-bench-serve");
        String name = "bench";
        try (ModelFiles.Opened opened = ModelFiles.open(name, modelOptions.modelPath(), modelOptions.threads());
                PolluxServer server = PolluxServer.start(ServerConfig.defaults(data).withPort(0).withApiKeys(Set.of(KEY)),
                        new ModelRegistry().add(opened.model()))) {
            Tokenizer tok = opened.model().tokenizer();
            measure(new ServeBenchmark(new StreamingClient(server.baseUrl(), KEY), name,
                    line -> System.err.println("  " + line)), text -> tok.encode(text, false, false).length);
        } finally {
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    private void measure(ServeBenchmark bench, ToIntFunction<String> tokenCount) throws Exception {
        bench.warmUp(maxTokens);
        List<ServeBenchmark.Throughput> rows = new ArrayList<>();
        for (int s : streams) {
            rows.add(bench.throughput(s, perStream, maxTokens));
        }
        System.out.println("| streams | requests | output tokens | seconds | aggregate tok/s | × 1 stream | TTFT p50 ms | TTFT p99 ms |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
        double base = rows.get(0).tokensPerSecond() / rows.get(0).streams();
        for (ServeBenchmark.Throughput t : rows) {
            System.out.printf(Locale.ROOT, "| %d | %d | %d | %.1f | %.2f | %.2f | %.0f | %.0f |%n", t.streams(),
                    t.requests(), t.outputTokens(), t.seconds(), t.tokensPerSecond(), t.tokensPerSecond() / base,
                    t.ttftP50Ms(), t.ttftP99Ms());
        }
        if (rows.stream().anyMatch(t -> t.engine().steps() > 0)) {
            // Where the server's engine spent the rounds: the forward pass of a decode step, choosing
            // tokens after it, and prompt prefill (from its /metrics counters).
            System.out.println();
            System.out.println("| streams | decode steps | mean batch | forward ms/step | sampling ms/step | prefill s |"
                    + " engine busy % |");
            System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
            for (ServeBenchmark.Throughput t : rows) {
                ServeBenchmark.EngineTime e = t.engine();
                double busy = e.prefillSeconds() + e.decodeSeconds() + e.samplingSeconds();
                System.out.printf(Locale.ROOT, "| %d | %d | %.2f | %.1f | %.1f | %.1f | %.0f |%n", t.streams(), e.steps(),
                        e.meanBatch(), e.decodeMsPerStep(), e.samplingMsPerStep(), e.prefillSeconds(),
                        100 * busy / t.seconds());
            }
        }
        if (prefixTokens > 0) {
            ServeBenchmark.CacheEffect c = bench.cachedPrefix(prefixOf(tokenCount, prefixTokens));
            System.out.printf(Locale.ROOT, "%ncached prefix of %d tokens: TTFT %.0f ms uncached, %.0f ms cached (%.1f%%)%n",
                    c.prefixTokens(), c.uncachedTtftMs(), c.cachedTtftMs(), 100 * c.ratio());
        }
    }

    private static String firstModel(StreamingClient client) throws Exception {
        String name = client.get("/v1beta/models").path("models").path(0).path("name").asText("");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("the server at --url lists no models");
        }
        return name.substring(name.indexOf('/') + 1);
    }

    private static int countTokens(StreamingClient client, String model, String text) {
        try {
            var body = org.pollux.serve.api.ApiJson.MAPPER.createObjectNode();
            body.putArray("contents").addObject().putArray("parts").addObject().put("text", text);
            return client.post("/v1beta/models/" + model + ":countTokens", body.toString()).path("totalTokens").asInt();
        } catch (Exception e) {
            throw new IllegalStateException("countTokens failed: " + e.getMessage(), e);
        }
    }

    /** Story-like text of at least {@code tokens} tokens in this tokenizer. */
    static String prefixOf(ToIntFunction<String> tokenCount, int tokens) {
        String[] sentences = {
            "The old lighthouse keeper climbed the stairs every evening at dusk.",
            "Waves broke against the rocks and the gulls circled above the harbour.",
            "In the village below, lamps were lit one after another.",
            "A small boat rounded the point, its sail torn by the afternoon storm."
        };
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (tokenCount.applyAsInt(b.toString()) < tokens) {
            b.append(sentences[i++ % sentences.length]).append(' ');
        }
        return b.toString();
    }
}
