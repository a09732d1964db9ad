package org.pollux.generate;

/**
 * Restricts which tokens may come next, for constrained decoding (JSON that must match a schema,
 * a forced function call). One instance follows one generation: the generator calls
 * {@link #mask} before every sampling step and {@link #accept} with the token it chose.
 *
 * <p>Contract with the generator: it samples only from tokens {@link #mask} left finite; when
 * {@link #isComplete()} turns true the generation ends with {@link FinishReason#STOP}; when it
 * ends for any other reason (token limit, full context) the generator appends
 * {@link #completion()} to the text, so the output is always complete. Stop sequences do not
 * apply to constrained generations (they could cut the structure).
 */
public interface TokenConstraint {

    /**
     * Sets {@code logits[i]} to negative infinity for every id {@code i < vocab} that may not come
     * next. Must leave at least one id finite while {@link #isComplete()} is false.
     */
    void mask(float[] logits, int vocab);

    /** Advances past the chosen token (one that {@link #mask} allowed). */
    void accept(int token);

    /** Whether the output is complete: nothing more may be generated. */
    boolean isComplete();

    /**
     * The shortest text that completes the output from here ("" when complete). When the last
     * token ended inside a multi-byte character, the generator drops that character's bytes, so
     * the completion must follow the whole characters before it.
     */
    String completion();
}
