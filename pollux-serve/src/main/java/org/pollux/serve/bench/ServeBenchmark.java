package org.pollux.serve.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.pollux.serve.api.ApiJson;

/**
 * Load measurements of a running server through its public API (what a client sees):
 * aggregate generation throughput with N concurrent streams, time-to-first-token percentiles, and
 * time-to-first-token with and without a cached prompt prefix.
 */
public final class ServeBenchmark {
    private final StreamingClient client;
    private final String model;
    private final Consumer<String> progress;

    /**
     * Throughput at one concurrency, with what the server's engine did meanwhile ({@link
     * EngineTime#UNKNOWN} when the server does not publish Pollux's engine counters).
     */
    public record Throughput(int streams, int requests, int outputTokens, double seconds, double tokensPerSecond,
            double ttftP50Ms, double ttftP99Ms, EngineTime engine) {}

    /**
     * The engine counters of {@code /metrics} for one model: decode steps, their rows, and seconds
     * in prefill, decode ({@code forwardBatch}) and choosing tokens.
     */
    public record EngineTime(long steps, long rows, double prefillSeconds, double decodeSeconds,
            double samplingSeconds) {
        public static final EngineTime UNKNOWN = new EngineTime(0, 0, 0, 0, 0);

        EngineTime minus(EngineTime o) {
            return new EngineTime(steps - o.steps, rows - o.rows, prefillSeconds - o.prefillSeconds,
                    decodeSeconds - o.decodeSeconds, samplingSeconds - o.samplingSeconds);
        }

        public double meanBatch() {
            return steps == 0 ? 0 : (double) rows / steps;
        }

        public double decodeMsPerStep() {
            return steps == 0 ? 0 : 1e3 * decodeSeconds / steps;
        }

        public double samplingMsPerStep() {
            return steps == 0 ? 0 : 1e3 * samplingSeconds / steps;
        }

        /** Reads the counters of {@code model} from a Prometheus text exposition; UNKNOWN without them. */
        static EngineTime parse(String metrics, String model) {
            java.util.Map<String, Double> s = org.pollux.serve.ops.PromText.samples(metrics);
            String m = "{model=\"" + model + "\"";
            Double steps = s.get("pollux_decode_steps_total" + m + "}");
            if (steps == null) {
                return UNKNOWN;
            }
            return new EngineTime(steps.longValue(), s.getOrDefault("pollux_decoded_rows_total" + m + "}", 0.0).longValue(),
                    phase(s, m, "prefill"), phase(s, m, "decode"), phase(s, m, "sampling"));
        }

        private static double phase(java.util.Map<String, Double> s, String m, String phase) {
            return s.getOrDefault("pollux_engine_seconds_total" + m + ",phase=\"" + phase + "\"}", 0.0);
        }
    }

    /** Prefix caching effect. */
    public record CacheEffect(int prefixTokens, double uncachedTtftMs, double cachedTtftMs) {
        public double ratio() {
            return cachedTtftMs / uncachedTtftMs;
        }
    }

    public ServeBenchmark(StreamingClient client, String model, Consumer<String> progress) {
        this.client = client;
        this.model = model;
        this.progress = progress;
    }

    /**
     * One untimed request first, as llama-bench warms up: the JIT compiles the kernels, so the
     * first measured round does not pay for it.
     */
    public void warmUp(int maxTokens) throws Exception {
        client.stream(model, body("Warm-up.", maxTokens, 0));
    }

    /**
     * {@code streams} clients at once, each sending {@code perStream} requests one after another
     * with its own seed; throughput is every output token over the wall time of the whole round.
     */
    public Throughput throughput(int streams, int perStream, int maxTokens) throws Exception {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            EngineTime before = engineTime();
            long start = System.nanoTime();
            List<Future<List<StreamingClient.Timing>>> futures = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                int stream = s;
                futures.add(pool.submit(() -> {
                    List<StreamingClient.Timing> ts = new ArrayList<>();
                    for (int i = 0; i < perStream; i++) {
                        ts.add(client.stream(model, body("Once upon a time, story " + stream + "." + i, maxTokens,
                                1000L * stream + i)));
                    }
                    return ts;
                }));
            }
            List<StreamingClient.Timing> all = new ArrayList<>();
            for (Future<List<StreamingClient.Timing>> f : futures) {
                all.addAll(get(f));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            EngineTime engine = engineTime().minus(before);
            int tokens = all.stream().mapToInt(StreamingClient.Timing::outputTokens).sum();
            double[] ttft = all.stream().mapToDouble(t -> t.firstTextNanos() / 1e6).sorted().toArray();
            Throughput t = new Throughput(streams, all.size(), tokens, seconds, tokens / seconds,
                    percentile(ttft, 0.50), percentile(ttft, 0.99), engine);
            progress.accept(String.format(java.util.Locale.ROOT, "%d streams: %.2f tok/s (%d tokens in %.1f s)",
                    streams, t.tokensPerSecond(), tokens, seconds));
            return t;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Time to first token for a question after a long prefix: once with the prefix inline, once
     * through a cachedContent holding it (created first, not timed).
     */
    public CacheEffect cachedPrefix(String prefixText) throws Exception {
        String question = "Question: what happened next?";
        ObjectNode inline = request(prefixText + "\n" + question, 1, 1);
        StreamingClient.Timing uncached = client.stream(model, inline.toString());
        progress.accept(String.format(java.util.Locale.ROOT, "uncached: %d prompt tokens, first token after %.0f ms",
                uncached.promptTokens(), uncached.firstTextNanos() / 1e6));
        ObjectNode cache = ApiJson.MAPPER.createObjectNode();
        cache.put("model", "models/" + model);
        cache.put("ttl", "600s");
        cache.set("contents", contents(prefixText));
        String name = client.post("/v1beta/cachedContents", cache.toString()).path("name").asText();
        ObjectNode withCache = request(question, 1, 1);
        withCache.put("cachedContent", name);
        StreamingClient.Timing cached = client.stream(model, withCache.toString());
        progress.accept(String.format(java.util.Locale.ROOT, "cached: %d cached tokens, first token after %.0f ms",
                cached.cachedTokens(), cached.firstTextNanos() / 1e6));
        return new CacheEffect(cached.cachedTokens(), uncached.firstTextNanos() / 1e6, cached.firstTextNanos() / 1e6);
    }

    /** The server's engine counters for the model now (UNKNOWN when {@code /metrics} lacks them). */
    private EngineTime engineTime() {
        try {
            return EngineTime.parse(client.getText("/metrics"), model);
        } catch (java.io.IOException | RuntimeException e) {
            return EngineTime.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EngineTime.UNKNOWN;
        }
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static String body(String prompt, int maxTokens, long seed) {
        return request(prompt, maxTokens, seed).toString();
    }

    private static ObjectNode request(String prompt, int maxTokens, long seed) {
        ObjectNode req = ApiJson.MAPPER.createObjectNode();
        req.set("contents", contents(prompt));
        ObjectNode gc = req.putObject("generationConfig");
        gc.put("maxOutputTokens", maxTokens);
        gc.put("temperature", 0.8);
        gc.put("seed", seed);
        return req;
    }

    private static ArrayNode contents(String text) {
        ArrayNode contents = ApiJson.MAPPER.createArrayNode();
        ObjectNode turn = contents.addObject();
        turn.put("role", "user");
        turn.putArray("parts").addObject().put("text", text);
        return contents;
    }

    private static <T> T get(Future<T> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
