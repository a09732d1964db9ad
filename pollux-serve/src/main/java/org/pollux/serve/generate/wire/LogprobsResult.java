package org.pollux.serve.generate.wire;

import java.util.List;

/**
 * Log-probabilities of the generated tokens: {@code chosenCandidates[i]} is token i, and
 * {@code topCandidates[i]} (when alternatives were asked for) its most likely alternatives, best first.
 */
public record LogprobsResult(Double logProbabilitySum, List<TopCandidates> topCandidates,
        List<TokenLogprob> chosenCandidates) {

    /** A token's text, id and log-probability. */
    public record TokenLogprob(String token, int tokenId, double logProbability) {}

    /** The alternatives at one step. */
    public record TopCandidates(List<TokenLogprob> candidates) {}
}
