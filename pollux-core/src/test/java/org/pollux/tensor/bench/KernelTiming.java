package org.pollux.tensor.bench;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import org.pollux.tensor.ComputeContext;
import org.pollux.tensor.DType;
import org.pollux.tensor.Ops;
import org.pollux.tensor.Tensor;

/**
 * Not a test: a quick timing of matvec and matmul on random matrices larger than the caches.
 * Run: java --add-modules jdk.incubator.vector -cp ... org.pollux.tensor.bench.KernelTiming [threads]
 */
public final class KernelTiming {
    private KernelTiming() {}

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int cols = 2048;
        int rows = 8192 * 4; // 64M elements: far beyond the caches
        try (Arena arena = Arena.ofShared(); ComputeContext ctx = ComputeContext.of(threads)) {
            for (DType t : new DType[] {DType.Q4_0, DType.Q8_0, DType.F16, DType.F32}) {
                MemorySegment s = org.pollux.tensor.KernelTwinTest.randomBlocks(arena, t, (int) ((long) rows * cols / t.blockSize()), 1);
                Tensor w = new Tensor("w", t, new long[] {cols, rows}, s);
                float[] x = new float[64 * cols];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (i % 7) * 0.1f;
                }
                float[] y = new float[64 * rows];
                for (int i = 0; i < 30; i++) {
                    Ops.matvec(ctx, w, x, 0, y, 0);
                }
                long best = Long.MAX_VALUE;
                for (int i = 0; i < 10; i++) {
                    long t0 = System.nanoTime();
                    Ops.matvec(ctx, w, x, 0, y, 0);
                    best = Math.min(best, System.nanoTime() - t0);
                }
                double gbs = s.byteSize() / (double) best;
                long mm = Long.MAX_VALUE;
                for (int i = 0; i < 6; i++) {
                    long t0 = System.nanoTime();
                    Ops.matmul(ctx, w, x, 64, y);
                    mm = Math.min(mm, System.nanoTime() - t0);
                }
                double gflops = 2.0 * rows * cols * 64 / mm;
                System.out.printf(Locale.ROOT, "%-5s threads %d: matvec %.2f GB/s (%.2f ms); matmul x64 %.1f GFLOP/s%n",
                        t, threads, gbs, best / 1e6, gflops);
            }
        }
    }
}
