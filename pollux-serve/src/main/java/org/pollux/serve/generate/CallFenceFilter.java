package org.pollux.serve.generate;

import org.pollux.serve.generate.prompt.ToolPromptFormat;

/**
 * Streams text while function calls may appear (AUTO mode): text is released as it comes except
 * for a tail that could be the start of a {@code ```function_call} fence; once a fence appears,
 * everything from it on is held, so calls go out as whole {@code functionCall} parts at the end,
 * never as partial JSON (API.md §6.3).
 */
final class CallFenceFilter {
    private static final String FENCE = ToolPromptFormat.CALL_FENCE;
    private final StringBuilder held = new StringBuilder();
    private boolean inCall;

    /** Adds generated text; returns what may be sent now. */
    String push(String piece) {
        held.append(piece);
        if (inCall) {
            return "";
        }
        int fence = held.indexOf(FENCE);
        int keep = fence >= 0 ? fence : held.length() - partialFenceAtEnd();
        inCall = fence >= 0;
        String out = held.substring(0, keep);
        held.delete(0, keep);
        return out;
    }

    /** What was held back: plain text that only looked like a fence start, or the call section. */
    String rest() {
        return held.toString();
    }

    /** Length of the longest suffix of the held text that is a proper prefix of the fence. */
    private int partialFenceAtEnd() {
        for (int n = Math.min(FENCE.length() - 1, held.length()); n > 0; n--) {
            if (FENCE.startsWith(held.substring(held.length() - n))) {
                return n;
            }
        }
        return 0;
    }
}
