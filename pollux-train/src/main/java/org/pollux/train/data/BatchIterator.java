package org.pollux.train.data;

import java.util.List;

/**
 * Endless training batches from a mixture of sources. Row by row, sequence number k picks its
 * source by the mixture weights through a counter-based draw (seed, k), then takes the next
 * seqLen + 1 tokens of that source's stream: the first seqLen are the inputs, the last seqLen the
 * targets, and the stream moves on by seqLen (so every token is a target once per epoch).
 *
 * <p>Everything depends only on the seed and the {@link DataCursor}, so an iterator rebuilt from
 * a saved cursor continues with exactly the batches the original would have produced.
 */
public final class BatchIterator {
    private static final long MIXTURE_STREAM = 0x6D69787475726531L;

    private final List<DocumentStream> streams;
    private final double[] cumulative;
    private final int batch;
    private final int seqLen;
    private final long seed;
    private long sequences;
    private final long[] positions;

    BatchIterator(List<DocumentStream> streams, double[] weights, int batch, int seqLen, long seed, DataCursor cursor) {
        if (batch < 1 || seqLen < 1) {
            throw new IllegalArgumentException("batch and seqLen must be >= 1, got " + batch + " and " + seqLen);
        }
        if (cursor.positions().length != streams.size()) {
            throw new IllegalArgumentException("data cursor has " + cursor.positions().length + " positions for "
                    + streams.size() + " sources");
        }
        this.streams = streams;
        this.cumulative = new double[weights.length];
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double acc = 0;
        for (int i = 0; i < weights.length; i++) {
            acc += weights[i] / total;
            cumulative[i] = acc;
        }
        this.batch = batch;
        this.seqLen = seqLen;
        this.seed = seed;
        this.sequences = cursor.sequences();
        this.positions = cursor.positions();
    }

    /** The next batch; advances the cursor. */
    public Batch next() {
        int[] tokens = new int[batch * seqLen];
        int[] targets = new int[batch * seqLen];
        int[] row = new int[seqLen + 1];
        for (int b = 0; b < batch; b++) {
            int s = pick(Mix.uniform(seed ^ MIXTURE_STREAM, sequences++));
            streams.get(s).read(positions[s], row, 0, seqLen + 1);
            positions[s] += seqLen;
            System.arraycopy(row, 0, tokens, b * seqLen, seqLen);
            System.arraycopy(row, 1, targets, b * seqLen, seqLen);
        }
        return new Batch(tokens, targets, batch, seqLen);
    }

    private int pick(double u) {
        for (int i = 0; i < cumulative.length - 1; i++) {
            if (u < cumulative[i]) {
                return i;
            }
        }
        return cumulative.length - 1;
    }

    /** Where the next batch starts. */
    public DataCursor cursor() {
        return new DataCursor(sequences, positions);
    }
}
