package org.pollux.generate;

/** Why a generation ended. */
public enum FinishReason {
    /** A stop token (EOS, end of turn) or a stop sequence. */
    STOP,
    /** The requested number of tokens was generated. */
    MAX_TOKENS,
    /** The KV cache (context) is full. */
    CONTEXT_FULL,
    /** The caller cancelled. */
    CANCELLED,
    /** The request's deadline ({@link CancellationToken#cancelAfter}) passed. */
    DEADLINE
}
