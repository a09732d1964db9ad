package org.pollux.model;

/** The argument check every {@link LanguageModel#forwardBatch} implementation shares. */
final class BatchArguments {
    private BatchArguments() {}

    /** Enough caches and tokens for {@code count} rows, and no cache twice (two rows would claim one position). */
    static void check(KvCache[] caches, int[] tokens, int count) {
        if (count < 1 || caches.length < count || tokens.length < count) {
            throw new IllegalArgumentException("a batch of " + count + " needs that many caches and tokens, got "
                    + caches.length + " and " + tokens.length);
        }
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < i; j++) {
                if (caches[i] == caches[j]) {
                    throw new IllegalArgumentException("batch rows " + j + " and " + i + " share one cache");
                }
            }
        }
    }
}
