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
     * Like {@link #forward} but returns, instead of logits, the hidden state of every position
     * after the final norm ({@code float[len * dModel]}, row-major): what embeddings pool.
     */
    float[] hiddenStates(KvCache cache, int[] tokens, int off, int len);

    @Override
    default void close() {}
}
