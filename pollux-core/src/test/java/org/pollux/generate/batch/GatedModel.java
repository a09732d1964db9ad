package org.pollux.generate.batch;

import java.util.concurrent.Semaphore;
import org.pollux.model.KvCache;
import org.pollux.model.LanguageModel;
import org.pollux.model.ModelConfig;

/**
 * A real model behind a gate: while closed, every forward call (prefill chunk or decode step)
 * waits for a permit, so a test can hold the engine still between two steps.
 */
final class GatedModel implements LanguageModel {
    private final LanguageModel model;
    private final Semaphore permits = new Semaphore(0);
    private volatile boolean open = true;
    volatile int batchCalls;
    volatile int chunkCalls;
    volatile int chunks;

    GatedModel(LanguageModel model) {
        this.model = model;
    }

    /** From now on each forward call needs a permit. */
    void hold() {
        open = false;
    }

    /** Lets {@code n} more forward calls through. */
    void allow(int n) {
        permits.release(n);
    }

    /** Lets every call through again. */
    void release() {
        open = true;
        permits.release(1_000_000);
    }

    private void pass() {
        if (!open) {
            permits.acquireUninterruptibly();
        }
    }

    @Override public ModelConfig config() { return model.config(); }
    @Override public int vocabSize() { return model.vocabSize(); }
    @Override public int contextLength() { return model.contextLength(); }
    @Override public KvCache newCache(int maxTokens) { return model.newCache(maxTokens); }

    @Override
    public float[] forward(KvCache cache, int[] tokens, int off, int len, boolean allPositions) {
        pass();
        return model.forward(cache, tokens, off, len, allPositions);
    }

    @Override
    public float[] forwardBatch(KvCache[] caches, int[] tokens, int count) {
        pass();
        batchCalls++;
        return model.forwardBatch(caches, tokens, count);
    }

    /** Several prompts' chunks in one call: one permit, as for any other forward call. */
    @Override
    public float[] forwardChunks(KvCache[] caches, int[][] prompts, int[] offsets, int[] lengths) {
        pass();
        chunkCalls++;
        chunks += caches.length;
        return model.forwardChunks(caches, prompts, offsets, lengths);
    }

    @Override
    public float[] hiddenStates(KvCache cache, int[] tokens, int off, int len) {
        return model.hiddenStates(cache, tokens, off, len);
    }
}
