package org.pollux.tensor.bench;

import java.nio.file.Path;
import java.util.Locale;
import org.pollux.gguf.GgufFile;
import org.pollux.tensor.ComputeContext;
import org.pollux.tensor.Ops;
import org.pollux.tensor.Tensor;

public final class BatchKernelTiming {
    public static void main(String[] args) {
        try (GgufFile f = GgufFile.open(Path.of(args[0])); ComputeContext ctx = ComputeContext.of(Integer.parseInt(args[1]))) {
            for (int round = 0; round < 2; round++) {
                for (int i = 2; i < args.length; i++) {
                    Tensor w = f.tensor(args[i]);
                    float[] x = new float[16 * w.cols()];
                    for (int j = 0; j < x.length; j++) x[j] = (j % 13) * 0.01f;
                    float[] y = new float[16 * w.rows()];
                    long mv = best(() -> Ops.matvec(ctx, w, x, 0, y, 0));
                    StringBuilder sb = new StringBuilder();
                    sb.append(String.format(Locale.ROOT, "%-22s %-5s matvec %.2f ms", w.name(), w.type(), mv / 1e6));
                    for (int n : new int[] {1, 2, 4, 8, 16}) {
                        long t = best(() -> Ops.matmul(ctx, w, x, n, y));
                        long m = best(() -> multiVectorMatvec(ctx, w, x, n, y));
                        sb.append(String.format(Locale.ROOT, " | n=%d %.2f/tok mvm %.2f/tok", n, t / 1e6 / n, m / 1e6 / n));
                    }
                    System.out.println(sb);
                }
            }
        }
    }

    /** The alternative: each block of rows stays in cache while the quantized dot kernel runs it for every token. */
    static void multiVectorMatvec(ComputeContext ctx, Tensor w, float[] x, int n, float[] y) {
        org.pollux.tensor.WeightKernel k = org.pollux.tensor.VectorKernels.of(w.type());
        int cols = w.cols();
        int rows = w.rows();
        ctx.parallelFor(rows, 64, (from, to) -> {
            for (int r0 = from; r0 < to; r0 += 64) {
                int r1 = Math.min(to, r0 + 64);
                for (int t = 0; t < n; t++) {
                    k.dotRows(w.data(), w.rowBytes(), r0, r1, x, t * cols, cols, y, t * rows);
                }
            }
        });
    }

    static long best(Runnable r) {
        for (int k = 0; k < 10; k++) r.run();
        long best = Long.MAX_VALUE;
        for (int k = 0; k < 15; k++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best;
    }
}
