package org.pollux.train.data;

import java.util.SplittableRandom;

/**
 * A chosen set of a shard's documents as one endless token stream: epoch after epoch, each epoch
 * the documents in an order shuffled by (seed, epoch), or in their own order when not shuffled.
 * Position p lies in epoch p / (tokens per epoch), so a position alone says where reading resumes.
 */
final class DocumentStream {
    private final TokenShard shard;
    private final int[] docs;
    private final long epochTokens;
    private final long seed;
    private final boolean shuffle;
    private long cachedEpoch = -1;
    private int[] order;
    private long[] starts; // starts[i]: offset in the epoch of order[i]'s first token

    DocumentStream(TokenShard shard, int[] docs, long seed, boolean shuffle) {
        this.shard = shard;
        this.docs = docs.clone();
        this.seed = seed;
        this.shuffle = shuffle;
        long n = 0;
        for (int d : docs) {
            n += shard.documentLength(d);
        }
        this.epochTokens = n;
    }

    long epochTokens() {
        return epochTokens;
    }

    /** Copies tokens [position, position + n) of the stream into dst at off. */
    void read(long position, int[] dst, int off, int n) {
        long p = position;
        int done = 0;
        while (done < n) {
            long epoch = p / epochTokens;
            long inEpoch = p % epochTokens;
            prepare(epoch);
            int i = find(inEpoch);
            int doc = order[i];
            long within = inEpoch - starts[i];
            int take = (int) Math.min(n - done, shard.documentLength(doc) - within);
            shard.read(shard.documentStart(doc) + within, dst, off + done, take);
            done += take;
            p += take;
        }
    }

    private void prepare(long epoch) {
        if (epoch == cachedEpoch) {
            return;
        }
        order = docs.clone();
        if (shuffle) {
            SplittableRandom r = new SplittableRandom(Mix.hash(seed, epoch));
            for (int i = order.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        starts = new long[order.length];
        long at = 0;
        for (int i = 0; i < order.length; i++) {
            starts[i] = at;
            at += shard.documentLength(order[i]);
        }
        cachedEpoch = epoch;
    }

    /** The last document whose start is <= offset. */
    private int find(long offset) {
        int lo = 0;
        int hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= offset) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }
}
