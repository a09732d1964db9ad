package org.pollux.serve.ops;

import java.util.function.Supplier;

/**
 * What a model's generation scheduler reports for {@code /metrics}: the queue-depth and
 * active-sequence gauges, and the engine's counters (decode steps, rows, time per phase). Read on
 * every scrape, from the scrape's thread: implementations must be thread-safe and cheap (a
 * volatile read, not a lock held across a decode step).
 */
public interface SchedulerStats {
    /** Generations accepted but not yet started. */
    int queued();

    /** Sequences being prefilled or decoded now. */
    int active();

    /** Batched decode steps run. */
    default long decodeSteps() {
        return 0;
    }

    /** Sequences over all decode steps (the mean batch is decodedRows / decodeSteps). */
    default long decodedRows() {
        return 0;
    }

    /** Engine seconds in prefill chunks, decode steps ({@code forwardBatch}) and choosing tokens. */
    default double prefillSeconds() {
        return 0;
    }

    default double decodeSeconds() {
        return 0;
    }

    default double samplingSeconds() {
        return 0;
    }

    /** A service with no queue: everything reads 0 until a scheduler is wired in. */
    SchedulerStats IDLE = new SchedulerStats() {
        @Override
        public int queued() {
            return 0;
        }

        @Override
        public int active() {
            return 0;
        }
    };

    /** Stats read from a batching scheduler's snapshots (one snapshot per call; they are cheap). */
    static SchedulerStats of(Supplier<org.pollux.generate.batch.SchedulerStats> snapshot) {
        return new SchedulerStats() {
            @Override
            public int queued() {
                return snapshot.get().queued();
            }

            @Override
            public int active() {
                return snapshot.get().active();
            }

            @Override
            public long decodeSteps() {
                return snapshot.get().steps();
            }

            @Override
            public long decodedRows() {
                return snapshot.get().decodedRows();
            }

            @Override
            public double prefillSeconds() {
                return snapshot.get().prefillNanos() / 1e9;
            }

            @Override
            public double decodeSeconds() {
                return snapshot.get().decodeNanos() / 1e9;
            }

            @Override
            public double samplingSeconds() {
                return snapshot.get().samplingNanos() / 1e9;
            }
        };
    }
}
