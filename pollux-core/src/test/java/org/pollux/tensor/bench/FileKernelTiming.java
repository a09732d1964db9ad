package org.pollux.tensor.bench;

import java.nio.file.Path;
import java.util.Locale;
import org.pollux.gguf.GgufFile;
import org.pollux.tensor.ComputeContext;
import org.pollux.tensor.Ops;
import org.pollux.tensor.Tensor;

/** Not a test: times matvec on tensors of a real (memory-mapped) GGUF file. Args: FILE THREADS NAME... */
public final class FileKernelTiming {
    private FileKernelTiming() {}

    public static void main(String[] args) {
        try (GgufFile f = GgufFile.open(Path.of(args[0])); ComputeContext ctx = ComputeContext.of(Integer.parseInt(args[1]))) {
            for (int round = 0; round < 2; round++) {
                for (int i = 2; i < args.length; i++) {
                    Tensor w = f.tensor(args[i]);
                    float[] x = new float[w.cols()];
                    java.util.Arrays.fill(x, 0.01f);
                    float[] y = new float[w.rows()];
                    for (int k = 0; k < 50; k++) {
                        Ops.matvec(ctx, w, x, 0, y, 0);
                    }
                    long best = Long.MAX_VALUE;
                    for (int k = 0; k < 50; k++) {
                        long t0 = System.nanoTime();
                        Ops.matvec(ctx, w, x, 0, y, 0);
                        best = Math.min(best, System.nanoTime() - t0);
                    }
                    System.out.printf(Locale.ROOT, "%-22s %-5s %s: %.2f GB/s (%.3f ms)%n", w.name(), w.type(), w.shapeString(),
                            w.data().byteSize() / (double) best, best / 1e6);
                }
            }
        }
    }
}
