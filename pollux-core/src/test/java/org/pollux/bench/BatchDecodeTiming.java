package org.pollux.bench;

import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.pollux.model.Decoder;
import org.pollux.model.KvCache;
import org.pollux.model.ModelLoader;
import org.pollux.tensor.ComputeContext;

/**
 * Not a test: aggregate decode throughput of {@code forwardBatch} at several batch sizes on a
 * model file (every sequence prefilled with a short prompt first).
 * Args: FILE THREADS [STEPS] [BATCH...]
 */
public final class BatchDecodeTiming {
    private BatchDecodeTiming() {}

    public static void main(String[] args) {
        int threads = Integer.parseInt(args[1]);
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int[] sizes = {1, 4, 8, 16};
        if (args.length > 3) {
            sizes = new int[args.length - 3];
            for (int i = 3; i < args.length; i++) {
                sizes[i - 3] = Integer.parseInt(args[i]);
            }
        }
        try (ComputeContext ctx = ComputeContext.of(threads); Decoder m = ModelLoader.load(Path.of(args[0]), ctx)) {
            SplittableRandom rnd = new SplittableRandom(1);
            double single = 0;
            for (int size : sizes) {
                KvCache[] caches = new KvCache[size];
                int[] tokens = new int[size];
                for (int i = 0; i < size; i++) {
                    caches[i] = m.newCache(64 + steps + 4);
                    int[] prompt = rnd.ints(4 + i, 0, 1000).toArray();
                    m.forward(caches[i], prompt, 0, prompt.length, false);
                    tokens[i] = rnd.nextInt(1000);
                }
                m.forwardBatch(caches, tokens, size); // warm-up step
                long best = Long.MAX_VALUE;
                long total = 0;
                for (int s = 0; s < steps; s++) {
                    long t0 = System.nanoTime();
                    m.forwardBatch(caches, tokens, size);
                    long dt = System.nanoTime() - t0;
                    best = Math.min(best, dt);
                    total += dt;
                }
                double tps = size * 1e9 * steps / total;
                if (size == 1) {
                    single = tps;
                }
                System.out.printf(Locale.ROOT, "batch %2d: %.2f tok/s aggregate (mean step %.1f ms, best %.1f ms)%s%n", size,
                        tps, total / 1e6 / steps, best / 1e6, single > 0 ? String.format(Locale.ROOT, ", %.2fx batch 1", tps / single) : "");
            }
        }
    }
}
