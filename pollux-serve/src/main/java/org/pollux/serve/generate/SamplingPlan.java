package org.pollux.serve.generate;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.pollux.generate.SamplingParams;
import org.pollux.serve.generate.prompt.Invalid;
import org.pollux.serve.generate.prompt.ProtoEnums;
import org.pollux.serve.generate.wire.GenerationConfig;
import org.pollux.serve.generate.wire.ThinkingConfig;

/**
 * The sampling side of a {@link GenerationConfig}, checked: Gemini's defaults (temperature 1,
 * top-p 0.95, top-k 64, as the Model resource advertises; no min-p or repetition penalty, which
 * the API does not have), a random seed when none is given, candidate {@code i} drawn with seed
 * {@code seed + i}. The token limit depends on the prompt: by default whatever the context leaves.
 * {@code thinkingConfig} is checked and has no other effect: the served models do not think, so
 * no thought parts or thought tokens are ever reported. Only text output can be asked for.
 *
 * @param maxOutputTokens the request's limit, or null for "the rest of the context"
 * @param topLogprobs alternatives per token (0 when logprobs were not asked for)
 */
public record SamplingPlan(SamplingParams base, int candidates, Integer maxOutputTokens, boolean logprobs,
        int topLogprobs) {

    static final int MAX_CANDIDATES = 8;
    static final int MAX_STOP_SEQUENCES = 5;
    static final int MAX_LOGPROBS = 20;
    private static final String PATH = "GenerateContentRequest.generationConfig";
    private static final List<String> LEVELS = List.of("THINKING_LEVEL_UNSPECIFIED", "MINIMAL", "LOW", "MEDIUM",
            "HIGH");
    private static final List<String> MODALITIES = List.of("MODALITY_UNSPECIFIED", "TEXT", "IMAGE", "AUDIO");

    /** Sampling for candidate {@code index} of a prompt of {@code promptLength} ids in a context of {@code context}. */
    public SamplingParams forCandidate(int index, int promptLength, int context) {
        int room = context - promptLength;
        int max = maxOutputTokens == null ? room : Math.min(maxOutputTokens, room);
        return base.toBuilder().seed(base.seed() + index).maxTokens(max).build();
    }

    /** Reads and checks the sampling fields of {@code gc}. */
    static SamplingPlan read(GenerationConfig gc) {
        checkThinking(gc.thinkingConfig());
        checkModalities(gc.responseModalities());
        double temperature = range(gc.temperature(), 1.0, 0, 2, "temperature");
        double topP = range(gc.topP(), 0.95, 0, 1, "topP");
        int topK = gc.topK() == null ? 64 : gc.topK();
        if (topK < 0) {
            throw Invalid.at(PATH + ".topK", "topK must be >= 0 (0 = off), got " + topK + ".");
        }
        int candidates = gc.candidateCount() == null ? 1 : gc.candidateCount();
        if (candidates < 1 || candidates > MAX_CANDIDATES) {
            throw Invalid.at(PATH + ".candidateCount", "candidateCount must be in [1, " + MAX_CANDIDATES + "], got "
                    + candidates + ".");
        }
        if (gc.maxOutputTokens() != null && gc.maxOutputTokens() < 1) {
            throw Invalid.at(PATH + ".maxOutputTokens", "maxOutputTokens must be >= 1, got " + gc.maxOutputTokens()
                    + ".");
        }
        List<String> stops = gc.stopSequences() == null ? List.of() : gc.stopSequences();
        if (stops.size() > MAX_STOP_SEQUENCES) {
            throw Invalid.at(PATH + ".stopSequences", "at most " + MAX_STOP_SEQUENCES + " stop sequences are allowed, got "
                    + stops.size() + ".");
        }
        for (int i = 0; i < stops.size(); i++) {
            if (stops.get(i) == null || stops.get(i).isEmpty()) {
                throw Invalid.at(PATH + ".stopSequences[" + i + "]", "a stop sequence must not be empty.");
            }
        }
        long seed = gc.seed() != null ? gc.seed() : ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE);
        if (seed < Integer.MIN_VALUE || seed > Integer.MAX_VALUE) {
            throw Invalid.at(PATH + ".seed", "seed must be a 32-bit integer, got " + seed + ".");
        }
        boolean logprobs = Boolean.TRUE.equals(gc.responseLogprobs());
        int top = gc.logprobs() == null ? 0 : gc.logprobs();
        if (gc.logprobs() != null && !logprobs) {
            throw Invalid.at(PATH + ".logprobs", "logprobs can only be set when responseLogprobs is true.");
        }
        if (top < 0 || top > MAX_LOGPROBS) {
            throw Invalid.at(PATH + ".logprobs", "logprobs must be in [0, " + MAX_LOGPROBS + "], got " + top + ".");
        }
        SamplingParams.Builder b = SamplingParams.builder()
                .temperature((float) temperature)
                .topK(topK)
                .minP(0f)
                .repetitionPenalty(1f)
                .presencePenalty((float) range(gc.presencePenalty(), 0, -2, 2, "presencePenalty"))
                .frequencyPenalty((float) range(gc.frequencyPenalty(), 0, -2, 2, "frequencyPenalty"))
                .stopSequences(stops)
                .seed(seed)
                .maxTokens(1);
        // top-p 0 keeps only the most likely token; the sampler wants p > 0, so say it as top-k 1.
        if (topP == 0) {
            b.topP(1f).topK(1);
        } else {
            b.topP((float) topP);
        }
        return new SamplingPlan(b.build(), candidates, gc.maxOutputTokens(), logprobs, top);
    }

    private static double range(Double v, double dflt, double lo, double hi, String field) {
        if (v == null) {
            return dflt;
        }
        if (!Double.isFinite(v) || v < lo || v > hi) {
            throw Invalid.at(PATH + "." + field, field + " must be in [" + fmt(lo) + ", " + fmt(hi) + "], got " + v + ".");
        }
        return v;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static void checkThinking(ThinkingConfig t) {
        if (t == null) {
            return;
        }
        if (t.thinkingBudget() != null && t.thinkingLevel() != null) {
            throw Invalid.at(PATH + ".thinkingConfig", "You can only set only one of thinking budget and thinking level.");
        }
        if (t.thinkingBudget() != null && t.thinkingBudget() < -1) {
            throw Invalid.at(PATH + ".thinkingConfig.thinkingBudget", "thinkingBudget must be -1 (automatic), 0 (off) "
                    + "or positive, got " + t.thinkingBudget() + ".");
        }
        ProtoEnums.parse(PATH + ".thinkingConfig.thinkingLevel", t.thinkingLevel(), LEVELS);
    }

    private static void checkModalities(List<String> modalities) {
        if (modalities == null) {
            return;
        }
        for (int i = 0; i < modalities.size(); i++) {
            String m = ProtoEnums.parse(PATH + ".responseModalities[" + i + "]", modalities.get(i), MODALITIES);
            if (!m.equals("TEXT") && !m.equals("MODALITY_UNSPECIFIED")) {
                throw Invalid.at(PATH + ".responseModalities[" + i + "]", "response modality "
                        + m.toLowerCase(Locale.ROOT) + " is not supported by this server's text models.");
            }
        }
    }
}
