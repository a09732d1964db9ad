package org.pollux.generate;

import org.pollux.model.KvCache;

/**
 * The outcome of one generation.
 *
 * @param text everything emitted (stop sequences excluded)
 * @param tokens generated ids (a final stop token excluded; tokens that spelled a stop sequence included)
 * @param finishReason why it ended
 * @param promptTokens prompt length
 * @param prefillNanos from the start to the prompt's logits
 * @param firstTokenNanos from the start to the first generated token (time to first token; 0 when none)
 * @param decodeNanos from the prompt's logits to the end: every sampling step and every generated
 *     token's forward
 * @param cache the cache the generation ran in (the request's, or the fresh one made for it): it
 *     holds the prompt and every generated token unless the context filled
 */
public record GenerationResult(
        String text,
        int[] tokens,
        FinishReason finishReason,
        int promptTokens,
        long prefillNanos,
        long firstTokenNanos,
        long decodeNanos,
        KvCache cache) {

    /** Number of generated tokens. */
    public int generatedTokens() {
        return tokens.length;
    }

    /** Generation speed: generated tokens per second of decoding (0 when nothing was generated). */
    public double decodeTokensPerSecond() {
        return tokens.length > 0 && decodeNanos > 0 ? tokens.length * 1e9 / decodeNanos : 0;
    }

    /** Prompt processing speed, tokens per second. */
    public double prefillTokensPerSecond() {
        return prefillNanos > 0 ? promptTokens * 1e9 / prefillNanos : 0;
    }
}
