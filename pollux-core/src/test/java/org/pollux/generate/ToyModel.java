package org.pollux.generate;

import org.pollux.model.KvCache;
import org.pollux.model.LanguageModel;
import org.pollux.model.ModelConfig;

/**
 * A deterministic stand-in model over 256 byte tokens: the logits after token t at position p
 * favour (t + 1 + p % 3) mod 256 strongly, with a smooth spread over the rest, so greedy output is
 * predictable and sampling has a real distribution to draw from.
 */
final class ToyModel implements LanguageModel {
    static final int VOCAB = 256;
    private final int context;
    int forwardCalls;

    ToyModel(int context) {
        this.context = context;
    }

    static final class Cache implements KvCache {
        final int capacity;
        int position;
        int last;

        Cache(int capacity) {
            this.capacity = capacity;
        }

        @Override public int position() { return position; }
        @Override public int capacity() { return capacity; }
        @Override public void truncate(int p) { position = p; }
        @Override public long bytes() { return 0; }
    }

    @Override public ModelConfig config() { throw new UnsupportedOperationException("toy model has no config"); }
    @Override public int vocabSize() { return VOCAB; }
    @Override public int contextLength() { return context; }
    @Override public KvCache newCache(int maxTokens) { return new Cache(maxTokens); }

    @Override
    public float[] forward(KvCache kv, int[] tokens, int off, int len, boolean all) {
        forwardCalls++;
        Cache c = (Cache) kv;
        if (c.position + len > c.capacity) {
            throw new IllegalArgumentException("overflow");
        }
        float[] out = new float[(all ? len : 1) * VOCAB];
        for (int i = 0; i < len; i++) {
            c.last = tokens[off + i];
            int p = c.position++;
            if (all || i == len - 1) {
                int row = all ? i : 0;
                int favourite = (c.last + 1 + p % 3) % VOCAB;
                for (int v = 0; v < VOCAB; v++) {
                    out[row * VOCAB + v] = (float) Math.cos(v * 0.05 + p) ;
                }
                out[row * VOCAB + favourite] = 6f;
            }
        }
        return out;
    }
}
