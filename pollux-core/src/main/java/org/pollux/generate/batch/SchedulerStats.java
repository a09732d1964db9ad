package org.pollux.generate.batch;

/**
 * A snapshot of a {@link BatchingScheduler} (for /metrics).
 *
 * @param active sequences holding a cache (prefilling or decoding)
 * @param queued requests waiting for a slot
 * @param steps batched decode steps run
 * @param decodedRows sequences over all decode steps (the mean batch size is decodedRows / steps)
 * @param tokensGenerated tokens sampled over all requests
 * @param completed requests that ended (any reason, failures included)
 * @param rejected requests refused (queue full or shutting down)
 * @param activeCacheBytes KV cache memory of the active sequences
 * @param freedCacheBytes KV cache memory released by sequences that left the scheduler
 * @param prefillNanos engine time in prefill chunks (the model's forward over prompts)
 * @param decodeNanos engine time in batched decode steps ({@code forwardBatch})
 * @param samplingNanos engine time choosing tokens after decode steps (penalties, constraints,
 *     sampling, detokenizing, handing events to the callers)
 */
public record SchedulerStats(int active, int queued, long steps, long decodedRows, long tokensGenerated, long completed, long rejected,
        long activeCacheBytes, long freedCacheBytes, long prefillNanos, long decodeNanos, long samplingNanos) {
}
