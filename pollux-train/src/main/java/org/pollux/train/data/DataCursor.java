package org.pollux.train.data;

import java.util.Arrays;

/**
 * Where a {@link BatchIterator} stands, as plain numbers a checkpoint stores: how many training
 * sequences were drawn (which numbers the next mixture draw), and per source how many tokens of
 * its endless, epoch-by-epoch shuffled stream were consumed.
 */
public record DataCursor(long sequences, long[] positions) {
    public DataCursor {
        if (sequences < 0) {
            throw new IllegalArgumentException("data cursor: sequences must be >= 0, got " + sequences);
        }
        positions = positions.clone();
        for (long p : positions) {
            if (p < 0) {
                throw new IllegalArgumentException("data cursor: negative position " + p);
            }
        }
    }

    /** The start of training over {@code sources} sources. */
    public static DataCursor start(int sources) {
        return new DataCursor(0, new long[sources]);
    }

    @Override
    public long[] positions() {
        return positions.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataCursor c && c.sequences == sequences && Arrays.equals(c.positions, positions);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sequences) * 31 + Arrays.hashCode(positions);
    }

    @Override
    public String toString() {
        return "DataCursor[sequences=" + sequences + ", positions=" + Arrays.toString(positions) + "]";
    }
}
