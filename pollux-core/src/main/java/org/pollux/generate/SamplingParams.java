package org.pollux.generate;

import java.util.List;
import java.util.Set;

/**
 * How to pick each next token, and when to stop. Built with {@link #builder()}; every value is
 * validated here so a bad request fails before any model work, with a message naming the field,
 * the allowed range and the value received.
 *
 * @param temperature 0 = greedy (argmax); otherwise logits are divided by it
 * @param topK keep the K most likely tokens (0 = off)
 * @param topP keep the smallest set of most likely tokens whose probability reaches P (1 = off)
 * @param minP drop tokens less likely than minP × the most likely one (0 = off)
 * @param repetitionPenalty llama.cpp/CTRL style over the last {@code repetitionWindow} tokens (prompt
 *     included): positive logits divided by it, negative ones multiplied (1 = off)
 * @param repetitionWindow how many recent tokens the repetition penalty looks at
 * @param presencePenalty OpenAI/Gemini style: subtracted once from every token generated so far (0 = off)
 * @param frequencyPenalty OpenAI/Gemini style: subtracted per occurrence of a token generated so far (0 = off)
 * @param seed seed of the random draw: same seed, same model, same prompt → same tokens
 * @param maxTokens most tokens to generate
 * @param stopSequences text that ends generation; it is not part of the output
 * @param stopTokenIds token ids that end generation (besides the ones the request's chat template
 *     names); they are neither emitted nor added to the cache
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
        List<String> stopSequences,
        Set<Integer> stopTokenIds) {

    public SamplingParams {
        check(Float.isFinite(temperature) && temperature >= 0,
                "temperature must be a finite number >= 0 (0 = greedy), got " + temperature);
        check(topK >= 0, "topK must be >= 0 (0 = off), got " + topK);
        check(topP > 0 && topP <= 1, "topP must be in (0, 1] (1 = off), got " + topP);
        check(minP >= 0 && minP < 1, "minP must be in [0, 1) (0 = off), got " + minP);
        check(Float.isFinite(repetitionPenalty) && repetitionPenalty > 0,
                "repetitionPenalty must be a finite number > 0 (1 = off), got " + repetitionPenalty);
        check(repetitionWindow >= 0, "repetitionWindow must be >= 0, got " + repetitionWindow);
        check(Float.isFinite(presencePenalty), "presencePenalty must be a finite number, got " + presencePenalty);
        check(Float.isFinite(frequencyPenalty), "frequencyPenalty must be a finite number, got " + frequencyPenalty);
        check(maxTokens >= 1, "maxTokens must be >= 1, got " + maxTokens);
        check(stopSequences != null, "stopSequences must not be null (use an empty list)");
        check(stopTokenIds != null, "stopTokenIds must not be null (use an empty set)");
        for (int i = 0; i < stopSequences.size(); i++) {
            String s = stopSequences.get(i);
            check(s != null && !s.isEmpty(), "stop sequence " + i + " is " + (s == null ? "null" : "empty"));
        }
        for (Integer id : stopTokenIds) {
            check(id != null && id >= 0, "stop token ids must be >= 0, got " + id);
        }
        stopSequences = List.copyOf(stopSequences);
        stopTokenIds = Set.copyOf(stopTokenIds);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Whether the draw is deterministic (argmax). */
    public boolean greedy() {
        return temperature == 0;
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
                .maxTokens(maxTokens).stopSequences(stopSequences).stopTokenIds(stopTokenIds);
    }

    /**
     * Defaults (llama.cpp's): temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, no penalties
     * (repetition window 64), seed 0, 256 tokens, no stop sequences or extra stop ids.
     */
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
        private Set<Integer> stopTokenIds = Set.of();

        private Builder() {}

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
        public Builder stopTokenIds(Set<Integer> v) { stopTokenIds = v; return this; }

        /** Turns off top-k, top-p and min-p: the draw is from the whole (tempered) distribution. */
        public Builder noTruncation() { topK = 0; topP = 1f; minP = 0f; return this; }

        public SamplingParams build() {
            return new SamplingParams(temperature, topK, topP, minP, repetitionPenalty, repetitionWindow,
                    presencePenalty, frequencyPenalty, seed, maxTokens, stopSequences, stopTokenIds);
        }
    }
}
