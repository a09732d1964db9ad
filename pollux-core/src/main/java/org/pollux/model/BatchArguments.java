package org.pollux.model;

/** The argument checks every {@link LanguageModel#forwardBatch} and {@link LanguageModel#forwardChunks} implementation shares. */
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

    /** One prompt, offset and length per cache, and no cache twice. Token ranges are the model's to check. */
    static void checkChunks(KvCache[] caches, int[][] prompts, int[] offsets, int[] lengths) {
        int count = caches.length;
        if (count < 1 || prompts.length != count || offsets.length != count || lengths.length != count) {
            throw new IllegalArgumentException("chunks need one cache, prompt, offset and length each, got "
                    + count + ", " + prompts.length + ", " + offsets.length + " and " + lengths.length);
        }
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < i; j++) {
                if (caches[i] == caches[j]) {
                    throw new IllegalArgumentException("chunks " + j + " and " + i + " share one cache");
                }
            }
        }
    }
}
