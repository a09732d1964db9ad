package org.pollux.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One benchmark's results with what is needed to read them: the model, its size, the thread count,
 * the settings, and the bandwidth-derived generation limit. Renders as llama-bench-style markdown
 * rows and as JSON.
 *
 * @param model a display name (e.g. the file name)
 * @param modelBytes size of the weights
 * @param bandwidthBytesPerSecond measured read bandwidth, NaN when not measured
 * @param bytesPerToken weight bytes one decode step reads ({@link WeightTraffic#bytesPerToken})
 */
public record BenchmarkReport(
        String model,
        long modelBytes,
        int threads,
        BenchmarkRunner.Settings settings,
        BenchmarkRunner.Result result,
        double bandwidthBytesPerSecond,
        long bytesPerToken) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Generation speed the measured bandwidth allows; NaN when bandwidth was not measured. */
    public double limitTokensPerSecond() {
        return Double.isNaN(bandwidthBytesPerSecond) ? Double.NaN
                : WeightTraffic.limitTokensPerSecond(bandwidthBytesPerSecond, bytesPerToken);
    }

    /** The table header and its alignment row. */
    public static String markdownHeader() {
        return "| model | size | threads | test | t/s | limit t/s |\n| --- | ---: | ---: | --- | ---: | ---: |";
    }

    /** One row per test that ran: pp then tg; the limit column is filled for tg when bandwidth was measured. */
    public List<String> markdownRows() {
        List<String> rows = new ArrayList<>(2);
        String size = String.format(Locale.ROOT, "%.2f GiB", modelBytes / (double) (1L << 30));
        if (result.promptTokensPerSecond() != null) {
            rows.add(String.format(Locale.ROOT, "| %s | %s | %d | pp%d | %s |  |", model, size, threads,
                    settings.promptTokens(), result.promptTokensPerSecond()));
        }
        if (result.genTokensPerSecond() != null) {
            double limit = limitTokensPerSecond();
            rows.add(String.format(Locale.ROOT, "| %s | %s | %d | tg%d | %s | %s |", model, size, threads,
                    settings.genTokens(), result.genTokensPerSecond(),
                    Double.isNaN(limit) ? "" : String.format(Locale.ROOT, "%.2f", limit)));
        }
        return rows;
    }

    /** One JSON object; a skipped test is null, an unmeasured bandwidth and limit are null. */
    public String toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("model", model);
        o.put("model_bytes", modelBytes);
        o.put("threads", threads);
        o.put("n_prompt", settings.promptTokens());
        o.put("n_gen", settings.genTokens());
        o.put("n_gen_prompt", settings.genPromptTokens());
        o.put("repetitions", settings.repetitions());
        putStats(o, "pp", result.promptTokensPerSecond());
        putStats(o, "tg", result.genTokensPerSecond());
        putNumber(o, "bandwidth_bytes_per_second", bandwidthBytesPerSecond);
        o.put("bytes_per_token", bytesPerToken);
        putNumber(o, "limit_tokens_per_second", limitTokensPerSecond());
        return o.toString();
    }

    private static void putStats(ObjectNode o, String name, Stats s) {
        if (s == null) {
            o.putNull(name);
            return;
        }
        ObjectNode n = o.putObject(name);
        n.put("mean_tokens_per_second", s.mean());
        n.put("sd_tokens_per_second", s.sd());
        ArrayNode samples = n.putArray("samples_tokens_per_second");
        s.samples().forEach(samples::add);
    }

    private static void putNumber(ObjectNode o, String name, double v) {
        if (Double.isNaN(v)) {
            o.putNull(name);
        } else {
            o.put(name, v);
        }
    }
}
