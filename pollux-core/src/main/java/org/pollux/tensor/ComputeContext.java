package org.pollux.tensor;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Explicit compute context (no global state): the number of worker threads kernels may use.
 * Work is split into at most {@link #threads()} contiguous ranges so results do not depend on
 * scheduling (each output element is always computed by the same code path).
 *
 * <p><b>Why its own workers.</b> A generated token runs over a hundred short parallel loops (a
 * few hundred microseconds each). Handing them to a {@code ForkJoinPool} cost 10–70 µs per loop
 * on a 2-core VM (a parked worker has to be woken through the kernel, and the caller parked on a
 * future), several milliseconds per token. Here each worker spins for a short while after its
 * range before it parks, and the caller spins until the workers are done, so loops that follow
 * each other closely pay no wake-up.
 *
 * <p>A loop started while the workers are busy (a nested loop in a worker or in the caller's own
 * range, or a second thread using the same context) runs on the calling thread alone: same
 * ranges, same results, no deadlock.
 */
public final class ComputeContext implements AutoCloseable {
    /** How long a worker keeps polling for the next loop before it parks. */
    private static final long SPIN_NANOS = 200_000;

    private final int threads;
    private final Worker[] workers;
    private final ReentrantLock busy = new ReentrantLock();

    private ComputeContext(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker("pollux-compute-" + (i + 1));
            workers[i].start();
        }
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
        if (chunks == 1 || Thread.currentThread() instanceof Worker || busy.isHeldByCurrentThread()
                || !busy.tryLock()) {
            serial(n, grain, chunks, body);
            return;
        }
        try {
            int[] bounds = bounds(n, grain, chunks);
            for (int c = 1; c < chunks; c++) {
                workers[c - 1].post(body, bounds[c], bounds[c + 1]);
            }
            Throwable failure = null;
            try {
                body.run(bounds[0], bounds[1]);
            } catch (Throwable t) {
                failure = t;
            }
            for (int c = 1; c < chunks; c++) {
                Throwable t = workers[c - 1].await();
                if (failure == null) {
                    failure = t;
                }
            }
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure instanceof Error err) {
                throw err;
            }
            if (failure != null) {
                throw new IllegalStateException(failure);
            }
        } finally {
            busy.unlock();
        }
    }

    /** The same ranges, one after the other on the calling thread. */
    private static void serial(int n, int grain, int chunks, RangeBody body) {
        if (chunks == 1) {
            body.run(0, n);
            return;
        }
        int[] bounds = bounds(n, grain, chunks);
        for (int c = 0; c < chunks; c++) {
            body.run(bounds[c], bounds[c + 1]);
        }
    }

    private static int[] bounds(int n, int grain, int chunks) {
        int units = (n + grain - 1) / grain;
        int[] bounds = new int[chunks + 1];
        for (int c = 0; c <= chunks; c++) {
            bounds[c] = Math.min(n, (int) ((long) units * c / chunks) * grain);
        }
        bounds[chunks] = n;
        return bounds;
    }

    @Override
    public void close() {
        for (Worker w : workers) {
            w.shutdown();
        }
    }

    /** One worker thread: runs the range it is posted, then polls briefly for the next before parking. */
    private static final class Worker extends Thread {
        private RangeBody body;
        private int from;
        private int to;
        private Throwable failure;
        /** Loops posted to this worker; a volatile write that publishes the fields above. */
        private volatile long posted;
        /** Loops this worker finished; a volatile write that publishes {@link #failure}. */
        private volatile long finished;
        private volatile boolean closed;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        void post(RangeBody body, int from, int to) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.failure = null;
            posted = posted + 1;
            LockSupport.unpark(this);
        }

        /** Waits for the posted range (spinning: it is due within microseconds) and returns its failure, if any. */
        Throwable await() {
            long want = posted;
            int spins = 0;
            while (finished != want) {
                if (++spins < 1 << 16) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
            Throwable t = failure;
            body = null;
            return t;
        }

        void shutdown() {
            closed = true;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            long done = 0;
            while (true) {
                long idleSince = System.nanoTime();
                while (posted == done) {
                    if (closed) {
                        return;
                    }
                    if (System.nanoTime() - idleSince < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                    }
                }
                done = posted;
                try {
                    body.run(from, to);
                } catch (Throwable t) {
                    failure = t;
                }
                finished = done;
            }
        }
    }
}
