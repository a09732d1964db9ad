package org.pollux.generate;

import java.util.Arrays;
import java.util.function.IntConsumer;
import org.pollux.model.KvCache;
import org.pollux.model.LanguageModel;
import org.pollux.model.ModelConfig;

/**
 * A deterministic stand-in model. After processing token t at position p its logits favour one
 * token strongly (logit 6): by default (t + 1 + p % 3) mod vocab, or {@code script[p]} for a scripted
 * model. The other logits are a smooth spread that also depends on the sum of every token in the
 * cache, so sampled output changes if the cache loses or misplaces a token.
 */
final class ToyModel implements LanguageModel {
    private final int context;
    private final int vocab;
    private final int[] script;
    /** Number of forward calls so far. */
    int forwardCalls;
    /** Called with the 1-based number of each forward call, before it runs (blocking, cancelling). */
    IntConsumer beforeForward = call -> {};

    ToyModel(int context) {
        this(context, 256, null);
    }

    ToyModel(int context, int vocab, int[] script) {
        this.context = context;
        this.vocab = vocab;
        this.script = script;
    }

    /** A model whose favourite after position p is {@code script[p]} (the last entry once past the end). */
    static ToyModel scripted(int context, int... script) {
        return new ToyModel(context, 256, script);
    }

    /** Cache: the tokens themselves, so the history sum and truncation are real. */
    static final class Cache implements KvCache {
        final int[] tokens;
        int position;

        Cache(int capacity) {
            tokens = new int[capacity];
        }

        @Override public int position() { return position; }
        @Override public int capacity() { return tokens.length; }
        @Override public long bytes() { return 4L * tokens.length; }

        @Override
        public KvCache copy(int capacity) {
            Cache c = new Cache(capacity);
            System.arraycopy(tokens, 0, c.tokens, 0, position);
            c.position = position;
            return c;
        }

        @Override
        public void truncate(int p) {
            if (p < 0 || p > position) {
                throw new IllegalArgumentException("truncate to " + p + " of " + position);
            }
            position = p;
        }
    }

    @Override public ModelConfig config() { throw new UnsupportedOperationException("the toy model has no config"); }
    @Override public int vocabSize() { return vocab; }
    @Override public int contextLength() { return context; }

    @Override
    public KvCache newCache(int maxTokens) {
        if (maxTokens > context) {
            throw new IllegalArgumentException("cache of " + maxTokens + " over the context " + context);
        }
        return new Cache(maxTokens);
    }

    @Override
    public float[] forward(KvCache kv, int[] tokens, int off, int len, boolean all) {
        beforeForward.accept(++forwardCalls);
        Cache c = (Cache) kv;
        if (c.position + len > c.capacity()) {
            throw new IllegalArgumentException("cache overflow: " + c.position + " + " + len + " > " + c.capacity());
        }
        float[] out = new float[(all ? len : 1) * vocab];
        for (int i = 0; i < len; i++) {
            int t = tokens[off + i];
            if (t < 0 || t >= vocab) {
                throw new IllegalArgumentException("token " + t + " out of range");
            }
            int p = c.position;
            c.tokens[c.position++] = t;
            if (all || i == len - 1) {
                logitsAt(c, t, p, out, all ? i * vocab : 0);
            }
        }
        return out;
    }

    /** Hidden state of a position: its token and the position, so pooling is checkable. */
    @Override
    public float[] hiddenStates(KvCache kv, int[] tokens, int off, int len) {
        Cache c = (Cache) kv;
        float[] out = new float[len * 2];
        for (int i = 0; i < len; i++) {
            out[2 * i] = tokens[off + i];
            out[2 * i + 1] = c.position;
            c.tokens[c.position++] = tokens[off + i];
        }
        return out;
    }

    private void logitsAt(Cache c, int last, int p, float[] out, int at) {
        long sum = Arrays.stream(c.tokens, 0, c.position).asLongStream().sum();
        for (int v = 0; v < vocab; v++) {
            out[at + v] = (float) Math.cos(v * 0.05 + p + sum * 0.37);
        }
        int favourite = script != null ? script[Math.min(p, script.length - 1)] : (last + 1 + p % 3) % vocab;
        out[at + favourite] = 6f;
    }
}
