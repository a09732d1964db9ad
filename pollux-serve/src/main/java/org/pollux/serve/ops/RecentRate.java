package org.pollux.serve.ops;

import java.util.function.LongSupplier;

/**
 * Events per second over the last {@code windowSeconds} (tokens/s for a gauge). Counts are kept in
 * one bucket per second of a ring, so memory is fixed and adding is O(1); a bucket is cleared when
 * the clock comes round to it again. Until the window has filled since creation, the rate is taken
 * over the seconds elapsed so far, so a fresh server does not under-report.
 */
final class RecentRate {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final LongSupplier nanoClock;
    private final int windowSeconds;
    private final long[] counts;
    /** The second (of the clock) each bucket holds, so stale buckets are recognized. */
    private final long[] seconds;
    private final long startSecond;

    /** A rate over {@code windowSeconds}, read from {@code nanoClock} (System::nanoTime in production). */
    RecentRate(int windowSeconds, LongSupplier nanoClock) {
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("windowSeconds must be at least 1, got " + windowSeconds);
        }
        this.nanoClock = nanoClock;
        this.windowSeconds = windowSeconds;
        this.counts = new long[windowSeconds];
        this.seconds = new long[windowSeconds];
        this.startSecond = Math.floorDiv(nanoClock.getAsLong(), NANOS_PER_SECOND);
        java.util.Arrays.fill(seconds, Long.MIN_VALUE);
    }

    synchronized void add(long n) {
        long now = Math.floorDiv(nanoClock.getAsLong(), NANOS_PER_SECOND);
        int i = (int) Math.floorMod(now, windowSeconds);
        if (seconds[i] != now) {
            seconds[i] = now;
            counts[i] = 0;
        }
        counts[i] += n;
    }

    /** Events per second over the window that ends now (the current, partial second included). */
    synchronized double perSecond() {
        long now = Math.floorDiv(nanoClock.getAsLong(), NANOS_PER_SECOND);
        long sum = 0;
        for (int i = 0; i < windowSeconds; i++) {
            if (seconds[i] > now - windowSeconds && seconds[i] <= now) {
                sum += counts[i];
            }
        }
        long covered = Math.min(windowSeconds, now - startSecond + 1);
        return (double) sum / covered;
    }
}
