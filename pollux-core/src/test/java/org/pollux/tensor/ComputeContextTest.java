package org.pollux.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The parallel loop: every index runs exactly once, in ranges that are multiples of the grain;
 * failures reach the caller; nested loops and a second thread on the same context run on their
 * own thread instead of waiting for busy workers; closing stops the workers.
 */
class ComputeContextTest {
    @Test
    void everyIndexRunsOnceInGrainAlignedRanges() {
        try (ComputeContext ctx = ComputeContext.of(3)) {
            for (int n : new int[] {1, 2, 7, 64, 1000}) {
                for (int round = 0; round < 200; round++) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(n);
                    ctx.parallelFor(n, 4, (from, to) -> {
                        assertThat(from % 4).isZero();
                        for (int i = from; i < to; i++) {
                            hits.incrementAndGet(i);
                        }
                    });
                    for (int i = 0; i < n; i++) {
                        assertThat(hits.get(i)).as("n=%d index %d", n, i).isEqualTo(1);
                    }
                }
            }
        }
    }

    @Test
    void aFailureInAnyRangeReachesTheCallerAndTheContextStaysUsable() {
        try (ComputeContext ctx = ComputeContext.of(2)) {
            assertThatThrownBy(() -> ctx.parallelFor(100, 1, (from, to) -> {
                if (from > 0) {
                    throw new IllegalArgumentException("worker range " + from);
                }
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("worker range 50");
            assertThatThrownBy(() -> ctx.parallelFor(100, 1, (from, to) -> {
                if (from == 0) {
                    throw new IllegalStateException("caller range");
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("caller range");
            AtomicIntegerArray hits = new AtomicIntegerArray(100);
            ctx.parallelFor(100, 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    hits.incrementAndGet(i);
                }
            });
            for (int i = 0; i < 100; i++) {
                assertThat(hits.get(i)).isEqualTo(1);
            }
        }
    }

    @Test
    void nestedLoopsAndASecondThreadRunWithoutWaitingForBusyWorkers() throws Exception {
        try (ComputeContext ctx = ComputeContext.of(2)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(40 * 40);
            ctx.parallelFor(40, 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    int row = i;
                    ctx.parallelFor(40, 1, (f2, t2) -> {
                        for (int j = f2; j < t2; j++) {
                            hits.incrementAndGet(row * 40 + j);
                        }
                    });
                }
            });
            for (int i = 0; i < 40 * 40; i++) {
                assertThat(hits.get(i)).isEqualTo(1);
            }
            long[] sums = new long[2];
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CompletableFuture<?>[] both = new CompletableFuture<?>[2];
            for (int t = 0; t < 2; t++) {
                int slot = t;
                both[t] = CompletableFuture.runAsync(() -> {
                    try {
                        for (int round = 0; round < 500; round++) {
                            long[] part = new long[2];
                            ctx.parallelFor(1000, 1, (from, to) -> {
                                long s = 0;
                                for (int i = from; i < to; i++) {
                                    s += i;
                                }
                                part[from == 0 ? 0 : 1] = s;
                            });
                            sums[slot] = part[0] + part[1];
                            assertThat(sums[slot]).isEqualTo(999L * 1000 / 2);
                        }
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
            }
            CompletableFuture.allOf(both).get();
            assertThat(failure.get()).isNull();
        }
    }

    @Test
    void closingStopsTheWorkers() throws Exception {
        ComputeContext ctx = ComputeContext.of(2);
        AtomicReference<Thread> worker = new AtomicReference<>();
        ctx.parallelFor(10, 1, (from, to) -> {
            if (from > 0) {
                worker.set(Thread.currentThread());
            }
        });
        assertThat(worker.get()).isNotNull().isNotSameAs(Thread.currentThread());
        ctx.close();
        worker.get().join(5_000);
        assertThat(worker.get().isAlive()).as("worker ended").isFalse();
    }
}
