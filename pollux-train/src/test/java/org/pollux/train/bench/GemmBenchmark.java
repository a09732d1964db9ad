package org.pollux.train.bench;

import java.util.SplittableRandom;
import org.pollux.tensor.ComputeContext;
import org.pollux.train.autograd.Gemm;
import org.pollux.train.autograd.Gemm.Operand;

/**
 * GFLOP/s of {@link Gemm} for the three training shapes (x·Wᵀ, dY·W, dYᵀ·X) at a given size.
 * Usage: GemmBenchmark [threads] [m n k] — m tokens, n outputs, k inputs.
 */
public final class GemmBenchmark {
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int m = args.length > 1 ? Integer.parseInt(args[1]) : 2048;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 768;
        int k = args.length > 3 ? Integer.parseInt(args[3]) : 768;
        SplittableRandom r = new SplittableRandom(1);
        float[] x = new float[m * k];
        float[] w = new float[n * k];
        float[] y = new float[m * n];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        for (int i = 0; i < w.length; i++) w[i] = (float) r.nextGaussian();
        float[] dx = new float[m * k];
        float[] dw = new float[n * k];
        double flops = 2.0 * m * n * k;
        try (ComputeContext ctx = ComputeContext.of(threads)) {
            for (int rep = 0; rep < 6; rep++) {
                long t0 = System.nanoTime();
                Gemm.multiply(ctx, m, n, k, Operand.rows(x, 0, k), Operand.transposed(w, 0, k), y, 0, n, false);
                long t1 = System.nanoTime();
                Gemm.multiply(ctx, m, k, n, Operand.rows(y, 0, n), Operand.rows(w, 0, k), dx, 0, k, false);
                long t2 = System.nanoTime();
                Gemm.multiply(ctx, n, k, m, Operand.transposed(y, 0, n), Operand.rows(x, 0, k), dw, 0, k, true);
                long t3 = System.nanoTime();
                System.out.printf("threads %d  %dx%dx%d  fwd %.1f  dX %.1f  dW %.1f GFLOP/s%n", threads, m, n, k,
                        flops / (t1 - t0), flops / (t2 - t1), flops / (t3 - t2));
            }
        }
    }
}
