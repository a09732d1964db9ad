package org.pollux.train.data;

/** A 64-bit mixing function (SplitMix64's finalizer) for counter-based, order-free random choices. */
final class Mix {
    private Mix() {}

    static long hash(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniform double in [0, 1) from (a, b). */
    static double uniform(long a, long b) {
        return (hash(a, b) >>> 11) * 0x1.0p-53;
    }
}
