package org.pollux.train.autograd;

public class KernelProbe {
    public static void main(String[] a) {
        int kc = 128; int npan = 32; int mpan = 8; int L = Gemm.NR / 2;
        float[] ap = new float[6 * L * kc * mpan]; float[] bp = new float[Gemm.NR * kc * npan]; float[] c = new float[6 * Gemm.NR * npan * 4];
        for (int i = 0; i < ap.length; i++) ap[i] = i % 7 * 0.01f;
        for (int i = 0; i < bp.length; i++) bp[i] = i % 5 * 0.01f;
        for (int r = 0; r < 6; r++) {
            long t0 = System.nanoTime(); long it = 0;
            for (int rep = 0; rep < 800; rep++) for (int ir = 0; ir < mpan; ir++) for (int jr = 0; jr < npan; jr++) {
                Gemm.kernel(kc, ap, ir * 6 * L * kc, bp, jr * Gemm.NR * kc, c, jr * Gemm.NR, Gemm.NR * npan, true); it++; }
            long t1 = System.nanoTime();
            System.out.printf("kernel %.1f GFLOP/s%n", 2.0 * 6 * Gemm.NR * kc * it / (t1 - t0));
        }
    }
}
