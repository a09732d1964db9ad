package org.pollux.serve.ops;

import java.util.function.IntSupplier;

/**
 * What a model's generation scheduler reports for the queue-depth and active-sequence gauges.
 * Read on every scrape of {@code /metrics}, from the scrape's thread: implementations must be
 * thread-safe and cheap (a volatile read, not a lock held across a decode step).
 */
public interface SchedulerStats {
    /** Generations accepted but not yet started. */
    int queued();

    /** Sequences being prefilled or decoded now. */
    int active();

    /** A service with no queue: the gauges read 0 until a scheduler is wired in. */
    SchedulerStats IDLE = of(() -> 0, () -> 0);

    /** Stats read from two suppliers (adapts a scheduler that lives outside this module). */
    static SchedulerStats of(IntSupplier queued, IntSupplier active) {
        return new SchedulerStats() {
            @Override
            public int queued() {
                return queued.getAsInt();
            }

            @Override
            public int active() {
                return active.getAsInt();
            }
        };
    }
}
