package org.pollux.serve.generate.wire;

/**
 * One generated answer. {@code index} is always written (also 0); {@code finishReason} is set on a
 * finished candidate (in a stream: on the last chunk only).
 */
public record Candidate(
        Content content,
        String finishReason,
        String finishMessage,
        int index,
        Double avgLogprobs,
        LogprobsResult logprobsResult) {}
