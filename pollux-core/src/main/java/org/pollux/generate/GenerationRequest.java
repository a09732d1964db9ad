package org.pollux.generate;

import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.pollux.model.KvCache;

/**
 * One generation: prompt ids (already templated and encoded), how to sample, and optionally a
 * cache to continue (a chat keeps one across turns: the prompt is appended at its position and
 * the reply after it).
 *
 * @param promptTokens at least one id
 * @param cache null for a fresh cache sized to prompt + maxTokens (capped at the context)
 * @param stopTokenIds ids that end generation, typically the chat template's end-of-turn and EOS
 *     (joined with {@link SamplingParams#stopTokenIds()}); not emitted, not added to the cache
 * @param cancellation null for one nobody else holds
 * @param prefillChunk most prompt tokens per forward call (bounds activation memory)
 * @param topLogprobs alternatives reported per token (0 = none; the chosen token's log-probability
 *     is always reported)
 * @param constraint null, or what restricts the tokens (constrained decoding); it is stateful, so
 *     one instance serves one generation
 */
public record GenerationRequest(
        int[] promptTokens,
        SamplingParams params,
        KvCache cache,
        Set<Integer> stopTokenIds,
        CancellationToken cancellation,
        int prefillChunk,
        int topLogprobs,
        TokenConstraint constraint) {

    /** Prefill chunk of {@link #of}: long enough to keep the matrix kernels busy, short enough to bound memory. */
    public static final int DEFAULT_PREFILL_CHUNK = 512;

    public GenerationRequest {
        Objects.requireNonNull(promptTokens, "promptTokens");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(stopTokenIds, "stopTokenIds (use an empty set)");
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

    /** A request with a fresh cache, {@value #DEFAULT_PREFILL_CHUNK}-token prefill chunks and no alternatives. */
    public static GenerationRequest of(int[] prompt, SamplingParams params, Set<Integer> stopTokenIds) {
        return new GenerationRequest(prompt, params, null, stopTokenIds, null, DEFAULT_PREFILL_CHUNK, 0, null);
    }

    /** The same request continuing {@code kv} (null: a fresh cache). */
    public GenerationRequest withCache(KvCache kv) {
        return new GenerationRequest(promptTokens, params, kv, stopTokenIds, cancellation, prefillChunk, topLogprobs, constraint);
    }

    /** The same request, cancellable through {@code token}. */
    public GenerationRequest withCancellation(CancellationToken token) {
        return new GenerationRequest(promptTokens, params, cache, stopTokenIds, token, prefillChunk, topLogprobs, constraint);
    }

    /** The same request, prefilling at most {@code chunk} tokens per forward call. */
    public GenerationRequest withPrefillChunk(int chunk) {
        return new GenerationRequest(promptTokens, params, cache, stopTokenIds, cancellation, chunk, topLogprobs, constraint);
    }

    /** The same request, reporting the {@code n} most likely alternatives of every token. */
    public GenerationRequest withTopLogprobs(int n) {
        return new GenerationRequest(promptTokens, params, cache, stopTokenIds, cancellation, prefillChunk, n, constraint);
    }

    /** The same request, restricted by {@code c} (null: unconstrained). */
    public GenerationRequest withConstraint(TokenConstraint c) {
        return new GenerationRequest(promptTokens, params, cache, stopTokenIds, cancellation, prefillChunk, topLogprobs, c);
    }

    /** Every id that ends generation: this request's and the sampling parameters'. */
    public Set<Integer> allStopTokenIds() {
        if (params.stopTokenIds().isEmpty()) {
            return stopTokenIds;
        }
        HashSet<Integer> all = new HashSet<>(stopTokenIds);
        all.addAll(params.stopTokenIds());
        return Set.copyOf(all);
    }

    @Override
    public int[] promptTokens() {
        return promptTokens.clone();
    }

    /** Prompt length without copying the ids. */
    public int promptLength() {
        return promptTokens.length;
    }
}
