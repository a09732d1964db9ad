package org.pollux.tensor;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Explicit compute context (no global state): the number of worker threads kernels may use.
 * Work is split into at most {@link #threads()} contiguous ranges so results do not depend on
 * scheduling (each output element is always computed by the same code path).
 */
public final class ComputeContext implements AutoCloseable {
    private final int threads;
    private final ForkJoinPool pool;

    private ComputeContext(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    public static ComputeContext of(int threads) {
        return new ComputeContext(threads);
    }

    /** A context using every available processor. */
    public static ComputeContext ofAvailableProcessors() {
        return new ComputeContext(Runtime.getRuntime().availableProcessors());
    }

    public int threads() {
        return threads;
    }

    /** Body of a parallel loop over the half-open range [from, to). */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over [0, n) split into contiguous chunks, one per thread, the calling
     * thread taking the first. Chunk boundaries are multiples of {@code grain}.
     */
    public void parallelFor(int n, int grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int chunks = Math.min(threads, Math.max(1, (n + grain - 1) / grain));
        if (chunks == 1 || pool == null) {
            body.run(0, n);
            return;
        }
        int units = (n + grain - 1) / grain;
        List<Future<?>> futures = new ArrayList<>(chunks - 1);
        int[] bounds = new int[chunks + 1];
        for (int c = 0; c <= chunks; c++) {
            bounds[c] = Math.min(n, (int) ((long) units * c / chunks) * grain);
        }
        bounds[chunks] = n;
        for (int c = 1; c < chunks; c++) {
            int from = bounds[c];
            int to = bounds[c + 1];
            futures.add(pool.submit(() -> body.run(from, to)));
        }
        body.run(bounds[0], bounds[1]);
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
