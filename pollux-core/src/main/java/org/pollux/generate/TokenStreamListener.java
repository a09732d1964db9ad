package org.pollux.generate;

/** Receives a generation as it happens. Every method has a no-op default. */
public interface TokenStreamListener {
    /** Text that is final (never split inside a UTF-8 character, never part of a stop sequence). */
    default void onText(String text) {}

    /** A generated token with its log-probability and alternatives. */
    default void onToken(Sampler.Choice choice) {}

    /** The end. */
    default void onComplete(GenerationResult result) {}

    TokenStreamListener NONE = new TokenStreamListener() {};
}
