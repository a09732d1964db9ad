package org.pollux.generate.batch;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link BatchingScheduler} shares the model.
 *
 * @param maxActive sequences holding a KV cache at once (prefilling or decoding): the largest
 *     decode batch, and what bounds cache memory
 * @param maxQueued requests waiting for a slot; one more is rejected
 * @param retryAfter what a rejection tells the client to wait
 * @param cancelActiveOnClose whether {@link BatchingScheduler#close()} cancels running generations
 *     ({@code true}) or lets them finish ({@code false}); waiting requests are rejected either way
 */
public record SchedulerOptions(int maxActive, int maxQueued, Duration retryAfter, boolean cancelActiveOnClose) {

    public SchedulerOptions {
        if (maxActive < 1) {
            throw new IllegalArgumentException("maxActive must be >= 1, got " + maxActive);
        }
        if (maxQueued < 0) {
            throw new IllegalArgumentException("maxQueued must be >= 0, got " + maxQueued);
        }
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must not be negative, got " + retryAfter);
        }
    }

    /** 8 active sequences, 64 waiting, retry after one second, running generations finish on close. */
    public static SchedulerOptions defaults() {
        return new SchedulerOptions(8, 64, Duration.ofSeconds(1), false);
    }

    public SchedulerOptions withMaxActive(int n) {
        return new SchedulerOptions(n, maxQueued, retryAfter, cancelActiveOnClose);
    }

    public SchedulerOptions withMaxQueued(int n) {
        return new SchedulerOptions(maxActive, n, retryAfter, cancelActiveOnClose);
    }

    public SchedulerOptions withCancelActiveOnClose(boolean cancel) {
        return new SchedulerOptions(maxActive, maxQueued, retryAfter, cancel);
    }
}
