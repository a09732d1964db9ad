package org.pollux.bench;

import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.pollux.model.Decoder;
import org.pollux.model.KvCache;
import org.pollux.model.ModelLoader;
import org.pollux.tensor.ComputeContext;

/**
 * Not a test: the prefill of SEQS prompts of LEN tokens three ways, on a model file: one shared
 * {@code forwardChunks} call, one {@code forward} of all SEQS·LEN tokens as a single prompt (the
 * same matrix-product work), and SEQS separate {@code forward} calls (the scheduler before shared
 * prefill). The first of REPS rounds includes JIT warm-up.
 * Args: FILE THREADS SEQS LEN [REPS]
 */
public final class PrefillChunksTiming {
    private PrefillChunksTiming() {}

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[1]);
        int seqs = Integer.parseInt(args[2]);
        int len = Integer.parseInt(args[3]);
        int reps = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        try (ComputeContext ctx = ComputeContext.of(threads); Decoder m = ModelLoader.load(Path.of(args[0]), ctx)) {
            SplittableRandom rnd = new SplittableRandom(1);
            int vocab = Math.min(m.vocabSize(), 1000);
            for (int rep = 0; rep < reps; rep++) {
                KvCache[] caches = new KvCache[seqs];
                int[][] prompts = new int[seqs][];
                int[] offsets = new int[seqs];
                int[] lengths = new int[seqs];
                for (int i = 0; i < seqs; i++) {
                    caches[i] = m.newCache(len + 8);
                    prompts[i] = rnd.ints(len, 3, vocab).toArray();
                    lengths[i] = len;
                }
                long t0 = System.nanoTime();
                m.forwardChunks(caches, prompts, offsets, lengths);
                long t1 = System.nanoTime();
                int[] joined = rnd.ints(seqs * len, 3, vocab).toArray();
                m.forward(m.newCache(joined.length + 8), joined, 0, joined.length, false);
                long t2 = System.nanoTime();
                for (int i = 0; i < seqs; i++) {
                    m.forward(m.newCache(len + 8), prompts[i], 0, len, false);
                }
                long t3 = System.nanoTime();
                System.out.printf(Locale.ROOT, "round %d: shared %d x %d: %.0f ms   one prompt of %d: %.0f ms   %d separate: %.0f ms%n",
                        rep, seqs, len, (t1 - t0) / 1e6, seqs * len, (t2 - t1) / 1e6, seqs, (t3 - t2) / 1e6);
            }
        }
    }
}
