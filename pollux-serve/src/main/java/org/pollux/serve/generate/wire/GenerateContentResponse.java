package org.pollux.serve.generate.wire;

import java.util.List;

/**
 * A reply, or one chunk of a streamed reply (then the parts are deltas and {@code usageMetadata}
 * is cumulative).
 */
public record GenerateContentResponse(
        List<Candidate> candidates,
        PromptFeedback promptFeedback,
        UsageMetadata usageMetadata,
        String modelVersion,
        String responseId) {

    /** Why a prompt was refused as a whole (this server blocks nothing; kept for the wire shape). */
    public record PromptFeedback(String blockReason) {}
}
