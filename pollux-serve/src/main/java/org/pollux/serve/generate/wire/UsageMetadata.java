package org.pollux.serve.generate.wire;

import java.util.List;

/**
 * Token accounting. {@code promptTokenCount} includes the tokens that came from a cached content
 * ({@code cachedContentTokenCount}); {@code totalTokenCount} = prompt + candidates.
 */
public record UsageMetadata(
        Integer promptTokenCount,
        Integer cachedContentTokenCount,
        Integer candidatesTokenCount,
        Integer totalTokenCount,
        List<ModalityTokenCount> promptTokensDetails,
        List<ModalityTokenCount> cacheTokensDetails,
        List<ModalityTokenCount> candidatesTokensDetails) {

    /** Tokens of one modality ({@code TEXT} for every model served here). */
    public record ModalityTokenCount(String modality, int tokenCount) {
        public static List<ModalityTokenCount> text(int n) {
            return List.of(new ModalityTokenCount("TEXT", n));
        }
    }

    /** Usage of a generation: {@code cached} null when no cached content was used. */
    public static UsageMetadata of(int prompt, Integer cached, int candidates) {
        return new UsageMetadata(prompt, cached, candidates, prompt + candidates, ModalityTokenCount.text(prompt),
                cached == null ? null : ModalityTokenCount.text(cached),
                candidates == 0 ? null : ModalityTokenCount.text(candidates));
    }
}
