package org.pollux.generate;

/**
 * The outcome of one generation.
 *
 * @param text everything emitted (stop sequences excluded)
 * @param tokens generated ids (a final stop token excluded)
 * @param promptTokens prompt length
 * @param prefillNanos time to process the prompt
 * @param firstTokenNanos time from the start to the first sampled token
 * @param decodeNanos time spent after the first token
 */
public record GenerationResult(
        String text,
        int[] tokens,
        FinishReason finishReason,
        int promptTokens,
        long prefillNanos,
        long firstTokenNanos,
        long decodeNanos) {

    /** Generation speed after the first token, tokens per second (0 when undefined). */
    public double decodeTokensPerSecond() {
        return tokens.length > 1 && decodeNanos > 0 ? (tokens.length - 1) * 1e9 / decodeNanos : 0;
    }

    /** Prompt processing speed, tokens per second. */
    public double prefillTokensPerSecond() {
        return prefillNanos > 0 ? promptTokens * 1e9 / prefillNanos : 0;
    }
}
