package org.pollux.serve.ops;

import java.util.function.Supplier;

/**
 * Where {@code /metrics} reads a model's scheduler from: a snapshot of the core scheduler's
 * counters ({@link org.pollux.generate.batch.SchedulerStats}: queue, active sequences, decode
 * steps and rows, engine time per phase). Read on every scrape, from the scrape's thread:
 * implementations must be thread-safe and cheap (a short lock or volatile reads, never a lock
 * held across a decode step).
 */
@FunctionalInterface
public interface SchedulerStats {
    /** The counters now. */
    org.pollux.generate.batch.SchedulerStats snapshot();

    /** A service with no queue: everything reads 0 until a scheduler is wired in. */
    SchedulerStats IDLE = () -> new org.pollux.generate.batch.SchedulerStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Stats read from a batching scheduler's snapshots. */
    static SchedulerStats of(Supplier<org.pollux.generate.batch.SchedulerStats> snapshot) {
        return snapshot::get;
    }
}
