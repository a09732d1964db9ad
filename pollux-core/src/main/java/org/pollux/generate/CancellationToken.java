package org.pollux.generate;

import java.time.Duration;

/**
 * Lets another thread (a disconnected client, Ctrl-C) stop a generation between two steps, and
 * optionally carries a deadline after which the generation stops by itself
 * ({@link FinishReason#DEADLINE}).
 */
public final class CancellationToken {
    private volatile boolean cancelled;
    private volatile boolean hasDeadline;
    private volatile long deadlineNanos;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Stops the generation once {@code timeout} has passed from now (queueing and prefill count).
     * Returns this token.
     */
    public CancellationToken cancelAfter(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        deadlineNanos = System.nanoTime() + Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
        hasDeadline = true;
        return this;
    }

    /** Whether a deadline was set and has passed. */
    public boolean isExpired() {
        return hasDeadline && System.nanoTime() - deadlineNanos >= 0;
    }

    /**
     * Why the generation must stop now: {@link FinishReason#CANCELLED} (explicit cancellation
     * wins), {@link FinishReason#DEADLINE}, or null to go on.
     */
    public FinishReason stopReason() {
        if (cancelled) {
            return FinishReason.CANCELLED;
        }
        return isExpired() ? FinishReason.DEADLINE : null;
    }
}
