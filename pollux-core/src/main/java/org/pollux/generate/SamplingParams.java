package org.pollux.generate;

import java.util.List;

/**
 * How to pick each next token, and when to stop.
 *
 * @param temperature 0 = greedy (argmax); otherwise logits are divided by it
 * @param topK keep the K most likely tokens (0 = off)
 * @param topP keep the smallest set whose probability reaches P (1 = off)
 * @param minP drop tokens less likely than minP × the most likely one (0 = off)
 * @param repetitionPenalty llama.cpp/CTRL style over the last {@code repetitionWindow} tokens: positive
 *     logits divided by it, negative ones multiplied (1 = off)
 * @param repetitionWindow how many recent tokens (prompt included) the repetition penalty looks at
 * @param presencePenalty subtracted once from every token already generated (0 = off)
 * @param frequencyPenalty subtracted per occurrence of a token already generated (0 = off)
 * @param seed seed of the random draw: same seed, same model, same prompt → same tokens
 * @param maxTokens most tokens to generate
 * @param stopSequences text that ends generation; it is not part of the output
 */
public record SamplingParams(
        float temperature,
        int topK,
        float topP,
        float minP,
        float repetitionPenalty,
        int repetitionWindow,
        float presencePenalty,
        float frequencyPenalty,
        long seed,
        int maxTokens,
        List<String> stopSequences) {

    public SamplingParams {
        check(temperature >= 0 && Float.isFinite(temperature), "temperature must be >= 0, got " + temperature);
        check(topK >= 0, "topK must be >= 0, got " + topK);
        check(topP > 0 && topP <= 1, "topP must be in (0, 1], got " + topP);
        check(minP >= 0 && minP < 1, "minP must be in [0, 1), got " + minP);
        check(repetitionPenalty > 0 && Float.isFinite(repetitionPenalty),
                "repetitionPenalty must be > 0, got " + repetitionPenalty);
        check(repetitionWindow >= 0, "repetitionWindow must be >= 0, got " + repetitionWindow);
        check(Float.isFinite(presencePenalty), "presencePenalty must be finite");
        check(Float.isFinite(frequencyPenalty), "frequencyPenalty must be finite");
        check(maxTokens >= 1, "maxTokens must be >= 1, got " + maxTokens);
        stopSequences = List.copyOf(stopSequences);
        for (String s : stopSequences) {
            check(!s.isEmpty(), "stop sequences must not be empty");
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Greedy decoding of up to {@code maxTokens} tokens. */
    public static SamplingParams greedy(int maxTokens) {
        return builder().temperature(0).maxTokens(maxTokens).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().temperature(temperature).topK(topK).topP(topP).minP(minP)
                .repetitionPenalty(repetitionPenalty).repetitionWindow(repetitionWindow)
                .presencePenalty(presencePenalty).frequencyPenalty(frequencyPenalty).seed(seed)
                .maxTokens(maxTokens).stopSequences(stopSequences);
    }

    /** Defaults: temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, no penalties, seed 0, 256 tokens. */
    public static final class Builder {
        private float temperature = 0.8f;
        private int topK = 40;
        private float topP = 0.95f;
        private float minP = 0.05f;
        private float repetitionPenalty = 1f;
        private int repetitionWindow = 64;
        private float presencePenalty;
        private float frequencyPenalty;
        private long seed;
        private int maxTokens = 256;
        private List<String> stopSequences = List.of();

        public Builder temperature(float v) { temperature = v; return this; }
        public Builder topK(int v) { topK = v; return this; }
        public Builder topP(float v) { topP = v; return this; }
        public Builder minP(float v) { minP = v; return this; }
        public Builder repetitionPenalty(float v) { repetitionPenalty = v; return this; }
        public Builder repetitionWindow(int v) { repetitionWindow = v; return this; }
        public Builder presencePenalty(float v) { presencePenalty = v; return this; }
        public Builder frequencyPenalty(float v) { frequencyPenalty = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder maxTokens(int v) { maxTokens = v; return this; }
        public Builder stopSequences(List<String> v) { stopSequences = v; return this; }

        public SamplingParams build() {
            return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, repetitionWindow,
                    presencePenalty, frequencyPenalty, seed, maxTokens, stopSequences);
        }
    }
}
