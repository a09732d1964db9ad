package org.pollux.serve.generate;

import java.util.concurrent.locks.ReentrantLock;
import org.pollux.model.KvCache;
import org.pollux.model.LanguageModel;
import org.pollux.serve.generate.prompt.Invalid;
import org.pollux.serve.models.ServedModel;
import org.pollux.tokenizer.Tokenizer;

/**
 * Text embeddings from a generative model: the mean, over the text's positions, of the hidden
 * states after the final norm ({@link LanguageModel#hiddenStates} on a fresh cache), L2-normalized.
 * The BOS position is left out of the mean when the text has tokens of its own: its state is the
 * same for every input and would only pull all vectors together.
 *
 * <p>{@code outputDimensionality = k} keeps the first k dimensions and normalizes again
 * (Matryoshka-style truncation, as Gemini embeddings do; for a model not trained that way the
 * prefix is simply a projection onto the first k coordinates).
 *
 * <p>The model's forward pass is not thread-safe: every call holds the model's lock, which its
 * generation service shares.
 */
final class Embedder {
    private static final int CHUNK = 512;

    private Embedder() {}

    /** The embedding of {@code text}; {@code dims} null for the model's full width. */
    static float[] embed(ServedModel m, String text, Integer dims, String path) {
        LanguageModel model = m.model();
        int width = model.config().dModel();
        if (dims != null && (dims < 1 || dims > width)) {
            throw Invalid.at(path + ".outputDimensionality", "outputDimensionality must be in [1, " + width + "] for "
                    + m.resourceName() + ", got " + dims + ".");
        }
        Tokenizer tok = m.tokenizer();
        int[] ids = tok.encode(text, tok.addBosByDefault(), false);
        if (ids.length == 0) {
            throw Invalid.at(path + ".content", "there is no text to embed.");
        }
        if (ids.length > model.contextLength()) {
            throw Invalid.at(path + ".content", "The input token count (" + ids.length + ") exceeds the maximum number "
                    + "of tokens allowed (" + model.contextLength() + ").");
        }
        int skip = ids.length > 1 && tok.addBosByDefault() && ids[0] == tok.bosId() ? 1 : 0;
        double[] sum = new double[width];
        ReentrantLock lock = m.modelLock();
        lock.lock();
        try {
            KvCache cache = model.newCache(ids.length);
            for (int off = 0; off < ids.length; off += CHUNK) {
                int len = Math.min(CHUNK, ids.length - off);
                float[] h = model.hiddenStates(cache, ids, off, len);
                for (int r = 0; r < len; r++) {
                    if (off + r < skip) {
                        continue;
                    }
                    for (int d = 0; d < width; d++) {
                        sum[d] += h[r * width + d];
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        // The mean's scale disappears in the normalization, so the sum is normalized directly.
        return normalized(sum, dims == null ? width : dims);
    }

    /** The first {@code k} values of {@code v}, scaled to unit L2 norm (all zeros stay zeros). */
    static float[] normalized(double[] v, int k) {
        double norm = 0;
        for (int i = 0; i < k; i++) {
            norm += v[i] * v[i];
        }
        norm = Math.sqrt(norm);
        float[] out = new float[k];
        for (int i = 0; i < k; i++) {
            out[i] = norm == 0 ? 0f : (float) (v[i] / norm);
        }
        return out;
    }
}
