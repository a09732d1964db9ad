package org.pollux.generate;

import java.util.Set;
import org.pollux.model.KvCache;

/**
 * One generation: prompt ids (already templated and encoded), how to sample, and optionally a
 * cache to continue (a chat keeps one across turns: the prompt is appended at its position).
 *
 * @param cache null for a fresh cache sized to prompt + maxTokens (capped at the context)
 * @param stopTokenIds ids that end generation (not emitted, not added to the cache)
 * @param prefillChunk most prompt tokens per forward call (bounds activation memory)
 * @param topLogprobs alternatives reported per token (0 = none)
 */
public record GenerationRequest(
        int[] promptTokens,
        SamplingParams params,
        KvCache cache,
        Set<Integer> stopTokenIds,
        CancellationToken cancellation,
        int prefillChunk,
        int topLogprobs) {

    public GenerationRequest {
        promptTokens = promptTokens.clone();
        stopTokenIds = Set.copyOf(stopTokenIds);
        if (cancellation == null) {
            cancellation = new CancellationToken();
        }
        if (prefillChunk < 1) {
            throw new IllegalArgumentException("prefillChunk must be >= 1, got " + prefillChunk);
        }
        if (topLogprobs < 0) {
            throw new IllegalArgumentException("topLogprobs must be >= 0, got " + topLogprobs);
        }
    }

    /** A request with a fresh cache, 512-token prefill chunks and no logprobs. */
    public static GenerationRequest of(int[] prompt, SamplingParams params, Set<Integer> stopTokenIds) {
        return new GenerationRequest(prompt, params, null, stopTokenIds, null, 512, 0);
    }

    @Override
    public int[] promptTokens() {
        return promptTokens.clone();
    }
}
