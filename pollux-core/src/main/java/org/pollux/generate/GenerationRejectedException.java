package org.pollux.generate;

import java.time.Duration;

/**
 * A {@link GenerationService} refused a request without running it: its queue is full or it is
 * shutting down. {@link #retryAfter()} is how long a client should wait before trying again.
 */
public final class GenerationRejectedException extends RuntimeException {
    private final Duration retryAfter;

    public GenerationRejectedException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
