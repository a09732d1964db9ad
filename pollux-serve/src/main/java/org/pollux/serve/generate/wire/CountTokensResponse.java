package org.pollux.serve.generate.wire;

import java.util.List;

/** What countTokens answers; {@code totalTokens} equals generateContent's {@code promptTokenCount}. */
public record CountTokensResponse(int totalTokens, Integer cachedContentTokenCount,
        List<UsageMetadata.ModalityTokenCount> promptTokensDetails,
        List<UsageMetadata.ModalityTokenCount> cacheTokensDetails) {}
