package org.pollux.model;

/**
 * A decoder-only language model ready to run: the one contract the generator, the CLI, the
 * server and the evaluation harness use.
 */
public interface LanguageModel extends AutoCloseable {

    /** The architecture and sizes this model was built from. */
    ModelConfig config();

    /** Number of logits per position. */
    int vocabSize();

    /** Longest context the model supports. */
    int contextLength();

    /** A fresh cache for up to {@code maxTokens} positions (≤ {@link #contextLength()}). */
    KvCache newCache(int maxTokens);

    /**
     * Runs {@code tokens[off .. off+len)} at the cache's current position (one batched prefill),
     * appends them to the cache, and returns logits: of the last position only
     * ({@code float[vocab]}) or, when {@code allPositions}, of every position
     * ({@code float[len * vocab]}, row-major).
     *
     * @throws IllegalArgumentException when the cache would overflow or a token id is out of range
     */
    float[] forward(KvCache cache, int[] tokens, int off, int len, boolean allPositions);

    /**
     * One decode step of several sequences at once: token {@code tokens[i]} is appended to
     * {@code caches[i]} at that cache's own position, for i &lt; {@code count}, and the logits of
     * every row come back ({@code float[count * vocab]}, row-major). The caches must be distinct.
     *
     * <p>Batch invariance: row i's logits are bit-identical to what {@link #forward} of that one
     * token on that cache returns, whatever the other rows are. This default runs the rows one by
     * one (trivially invariant); a model that shares the weight pass among rows overrides it.
     *
     * @throws IllegalArgumentException when a cache is full, appears twice, or a token is out of range
     */
    default float[] forwardBatch(KvCache[] caches, int[] tokens, int count) {
        BatchArguments.check(caches, tokens, count);
        int vocab = vocabSize();
        float[] out = new float[count * vocab];
        for (int i = 0; i < count; i++) {
            System.arraycopy(forward(caches[i], tokens, i, 1, false), 0, out, i * vocab, vocab);
        }
        return out;
    }

    /**
     * Prefill chunks of several sequences in one call: chunk i, tokens
     * {@code prompts[i][offsets[i] .. offsets[i] + lengths[i])}, is appended to {@code caches[i]} at
     * that cache's position, and the logits of each chunk's last position come back
     * ({@code float[count * vocab]}, row-major, count = {@code caches.length}). The caches must be
     * distinct.
     *
     * <p>Row i is bit-identical to what {@link #forward}{@code (caches[i], prompts[i], offsets[i],
     * lengths[i], false)} returns. This default runs the chunks one by one; a model that shares the
     * weight pass among chunks overrides it.
     *
     * @throws IllegalArgumentException when a cache would overflow, appears twice, or a range or token is invalid
     */
    default float[] forwardChunks(KvCache[] caches, int[][] prompts, int[] offsets, int[] lengths) {
        BatchArguments.checkChunks(caches, prompts, offsets, lengths);
        int vocab = vocabSize();
        float[] out = new float[caches.length * vocab];
        for (int i = 0; i < caches.length; i++) {
            System.arraycopy(forward(caches[i], prompts[i], offsets[i], lengths[i], false), 0, out, i * vocab, vocab);
        }
        return out;
    }

    /**
     * Like {@link #forward} but returns, instead of logits, the hidden state of every position
     * after the final norm ({@code float[len * dModel]}, row-major): what embeddings pool.
     */
    float[] hiddenStates(KvCache cache, int[] tokens, int off, int len);

    @Override
    default void close() {}
}
