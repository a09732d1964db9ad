package org.pollux.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.pollux.tokenizer.Tokenizer;

/**
 * The token data of a training run: one {@link TokenShard} per source, each source's documents
 * split into training and validation by a seeded draw per document (so no document is in both),
 * training batches shuffled epoch by epoch, and a fixed set of validation batches.
 *
 * <p>Split rule: document d of source s goes to validation when the d-th draw of a generator
 * seeded by (seed, s) is below {@code valFraction}; when that leaves a source of two or more
 * documents without validation, its last document goes there, so small corpora still validate.
 */
public final class TrainingData implements AutoCloseable {
    private final List<SourceSpec> sources;
    private final List<TokenShard> shards;
    private final List<int[]> train = new ArrayList<>();
    private final List<int[]> validation = new ArrayList<>();
    private final long seed;

    private TrainingData(List<SourceSpec> sources, List<TokenShard> shards, long seed, double valFraction) {
        this.sources = sources;
        this.shards = shards;
        this.seed = seed;
        long valDocs = 0;
        for (int s = 0; s < shards.size(); s++) {
            int n = shards.get(s).documentCount();
            SplittableRandom r = new SplittableRandom(Mix.hash(seed, s));
            boolean[] isVal = new boolean[n];
            int count = 0;
            for (int d = 0; d < n; d++) {
                isVal[d] = r.nextDouble() < valFraction;
                count += isVal[d] ? 1 : 0;
            }
            if (valFraction > 0 && count == 0 && n >= 2) {
                isVal[n - 1] = true;
                count = 1;
            }
            if (count == n) {
                throw new DataException(sources.get(s).path() + ": all " + n + " documents went to validation"
                        + " (val_fraction " + valFraction + "); lower it or add documents");
            }
            int[] t = new int[n - count];
            int[] v = new int[count];
            for (int d = 0, ti = 0, vi = 0; d < n; d++) {
                if (isVal[d]) {
                    v[vi++] = d;
                } else {
                    t[ti++] = d;
                }
            }
            train.add(t);
            validation.add(v);
            valDocs += count;
        }
        if (valFraction > 0 && valDocs == 0) {
            throw new DataException("no validation documents: every source has a single document; split the text"
                    + " into documents (delimiter) or set val_fraction to 0");
        }
    }

    /**
     * Tokenizes (or reopens) every source into {@code shardDir} and splits the documents.
     *
     * @throws DataException when there are no sources, a source has no documents, or the split
     *     leaves nothing to train on
     */
    public static TrainingData open(List<SourceSpec> sources, Tokenizer tokenizer, String tokenizerHash, Path shardDir,
            long seed, double valFraction) {
        if (sources.isEmpty()) {
            throw new DataException("no data sources: the corpus is empty");
        }
        if (!(valFraction >= 0 && valFraction < 1)) {
            throw new IllegalArgumentException("val_fraction must be in [0, 1), got " + valFraction);
        }
        List<TokenShard> shards = new ArrayList<>();
        try {
            for (SourceSpec s : sources) {
                shards.add(TokenShard.openOrBuild(s, tokenizer, tokenizerHash, shardDir));
            }
            return new TrainingData(List.copyOf(sources), List.copyOf(shards), seed, valFraction);
        } catch (RuntimeException e) {
            shards.forEach(TokenShard::close);
            throw e;
        }
    }

    public List<TokenShard> shards() {
        return shards;
    }

    /** Document indices of source s used for training (ascending). */
    public int[] trainDocuments(int s) {
        return train.get(s).clone();
    }

    /** Document indices of source s held out for validation (ascending). */
    public int[] validationDocuments(int s) {
        return validation.get(s).clone();
    }

    public long trainTokens() {
        long n = 0;
        for (int s = 0; s < shards.size(); s++) {
            n += new DocumentStream(shards.get(s), train.get(s), 0, false).epochTokens();
        }
        return n;
    }

    private double[] weights() {
        return sources.stream().mapToDouble(SourceSpec::weight).toArray();
    }

    /** Training batches continuing from {@code cursor} (shuffled per epoch by the seed). */
    public BatchIterator trainBatches(int batch, int seqLen, DataCursor cursor) {
        List<DocumentStream> streams = new ArrayList<>();
        for (int s = 0; s < shards.size(); s++) {
            streams.add(new DocumentStream(shards.get(s), train.get(s), Mix.hash(seed, 1000 + s), true));
        }
        return new BatchIterator(streams, weights(), batch, seqLen, seed, cursor);
    }

    /**
     * The validation set: {@code count} batches drawn from the held-out documents in their own
     * order, by the same mixture weights; the same batches every time it is asked for.
     */
    public List<Batch> validationBatches(int count, int batch, int seqLen) {
        List<DocumentStream> streams = new ArrayList<>();
        double[] w = weights();
        for (int s = 0; s < shards.size(); s++) {
            int[] docs = validation.get(s);
            // A source without held-out documents gets weight 0 and a stand-in stream it is never drawn from.
            streams.add(new DocumentStream(shards.get(s), docs.length > 0 ? docs : train.get(s), 0, false));
            if (docs.length == 0) {
                w[s] = 0;
            }
        }
        BatchIterator it = new BatchIterator(streams, w, batch, seqLen, seed + 1, DataCursor.start(shards.size()));
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(it.next());
        }
        return out;
    }

    @Override
    public void close() {
        shards.forEach(TokenShard::close);
    }
}
