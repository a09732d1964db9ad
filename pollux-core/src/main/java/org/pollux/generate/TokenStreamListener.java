package org.pollux.generate;

/**
 * Receives a generation as it happens, on the generating thread. Every method has a no-op
 * default. A listener may cancel the request's {@link CancellationToken}; the generator stops
 * before the next step.
 */
public interface TokenStreamListener {
    /** Text that is final (never split inside a UTF-8 character, never part of a stop sequence). */
    default void onText(String text) {}

    /**
     * A generated token (before its text, which may be held back) with its log-probability and
     * the most likely alternatives. Stop tokens are not reported.
     */
    default void onToken(Sampler.Choice choice) {}

    /** The end (also after cancellation). */
    default void onComplete(GenerationResult result) {}

    TokenStreamListener NONE = new TokenStreamListener() {};
}
