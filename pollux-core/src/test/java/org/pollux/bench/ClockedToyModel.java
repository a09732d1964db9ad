package org.pollux.bench;

import java.util.ArrayList;
import java.util.List;
import org.pollux.model.KvCache;
import org.pollux.model.LanguageModel;
import org.pollux.model.ModelConfig;

/**
 * A toy model for benchmark tests: it does no arithmetic, records every forward call, and advances
 * a fake clock by a known cost per token (1, 2 or 3 µs depending on the call number), so the
 * runner's rates and statistics can be checked exactly.
 */
final class ClockedToyModel implements LanguageModel {
    record Call(KvCache cache, int position, int length) {}

    final List<Call> calls = new ArrayList<>();
    long nanos;
    private final int context;

    ClockedToyModel(int context) {
        this.context = context;
    }

    /** Nanoseconds per token of forward call number {@code call} (0-based). */
    static long costPerToken(int call) {
        return 1000L * (1 + call % 3);
    }

    private static final class Cache implements KvCache {
        private final int capacity;
        private int position;

        Cache(int capacity) {
            this.capacity = capacity;
        }

        @Override public int position() { return position; }
        @Override public int capacity() { return capacity; }
        @Override public void truncate(int p) { position = p; }
        @Override public long bytes() { return 0; }

        @Override
        public KvCache copy(int newCapacity) {
            Cache c = new Cache(newCapacity);
            c.position = position;
            return c;
        }
    }

    @Override public ModelConfig config() { throw new UnsupportedOperationException("toy model"); }
    @Override public int vocabSize() { return 100; }
    @Override public int contextLength() { return context; }
    @Override public KvCache newCache(int maxTokens) { return new Cache(maxTokens); }

    @Override
    public float[] hiddenStates(KvCache kv, int[] tokens, int off, int len) {
        throw new UnsupportedOperationException("the clocked toy model has no hidden states");
    }

    @Override
    public float[] forward(KvCache kv, int[] tokens, int off, int len, boolean all) {
        Cache c = (Cache) kv;
        if (c.position + len > c.capacity) {
            throw new IllegalArgumentException("cache overflow");
        }
        for (int i = off; i < off + len; i++) {
            if (tokens[i] < 0 || tokens[i] >= vocabSize()) {
                throw new IllegalArgumentException("token " + tokens[i]);
            }
        }
        nanos += len * costPerToken(calls.size());
        calls.add(new Call(kv, c.position, len));
        c.position += len;
        return new float[vocabSize()];
    }
}
