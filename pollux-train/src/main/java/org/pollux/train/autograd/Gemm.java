package org.pollux.train.autograd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.pollux.tensor.ComputeContext;

/**
 * The fp32 matrix product every training matmul goes through: C (+)= A·B, where A and B are
 * strided views ({@link Operand}), so one routine serves x·Wᵀ (forward), dY·W (input gradient),
 * dYᵀ·X (weight gradient) and the per-head products of attention.
 *
 * <p>Blocking follows the classic packed-panel scheme: B is packed into KC×NR micro-panels, A
 * into MR×KC micro-panels, and an MR×NR register tile of accumulators (6 rows × 2 vectors = 12
 * registers, plus 2 B vectors and 1 A vector: 15 of AVX2's 16) runs the inner loop over k.
 * A is packed <em>pre-broadcast</em> (each value repeated across a vector): C2 compiles
 * {@code FloatVector.broadcast} of an array element to a scalar load plus a register shuffle,
 * and the shuffles competed with the FMAs for the same ports (41 GFLOP/s per core on Zen 3);
 * with plain vector loads the kernel reaches ~85–90 (the FMA peak is ~83–90). The pre-broadcast
 * panel is L× larger, so the loop order keeps one A micro-panel in L1 while the B micro-panels
 * stream from L2. Packing makes transposed operands cost the same as row-major ones.
 *
 * <p>Determinism: element C[i][j] is always the sum over k in KC-blocks in increasing order,
 * each block accumulated by FMAs in increasing k starting from zero, then added to C. Threads
 * split the output into whole tiles and never share a sum, so the result is bit-identical for
 * any thread count and any split.
 */
public final class Gemm {
    /**
     * 256-bit vectors (AVX2; AVX-512 machines run them too, at half their peak: a 512-bit twin
     * of the kernel is future work). The lane count and tile sizes are literals on purpose: with
     * {@code NR = 2 * F.length()} C2 did not fold the panel strides and the kernel ran at half
     * speed (40 vs 85–90 GFLOP/s per Zen 3 core).
     */
    static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final int L = 8;
    /** Rows of the register tile. */
    static final int MR = 6;
    /** Columns of the register tile: two vectors. */
    static final int NR = 16;
    private static final int MRL = 48;
    /** Depth of one packed block: an A micro-panel, MR·KC broadcast vectors (24 KiB on AVX2), stays in L1. */
    private static final int KC = 128;
    /** Rows of A packed at once (MC·KC broadcast vectors: 192 KiB on AVX2, in L2). */
    private static final int MC = 48;
    /** Columns of B packed at once (KC·NC floats: 256 KiB, in L2 beside the A block). */
    private static final int NC = 512;

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(
            () -> new float[][] {new float[MC * KC * L], new float[KC * NC], new float[MR * NR]});

    private Gemm() {}

    /**
     * A strided matrix view: element (i, p) is {@code data[off + i·rowStride + p·colStride]}.
     * A row-major matrix with leading dimension ld is (ld, 1); its transpose is (1, ld).
     */
    public record Operand(float[] data, int off, int rowStride, int colStride) {
        /** Row-major matrix starting at off with ld floats per row. */
        public static Operand rows(float[] data, int off, int ld) {
            return new Operand(data, off, ld, 1);
        }

        /** The transpose of a row-major matrix starting at off with ld floats per row. */
        public static Operand transposed(float[] data, int off, int ld) {
            return new Operand(data, off, 1, ld);
        }

        float at(int i, int p) {
            return data[off + i * rowStride + p * colStride];
        }
    }

    /**
     * C[i][j] = (accumulate ? C[i][j] : 0) + Σ_p A(i,p)·B(p,j) for i &lt; m, j &lt; n, p &lt; k;
     * C is row-major at {@code c[cOff + i·ldc + j]}. Multi-threaded over {@code ctx}.
     */
    public static void multiply(ComputeContext ctx, int m, int n, int k, Operand a, Operand b, float[] c, int cOff,
            int ldc, boolean accumulate) {
        if (m <= 0 || n <= 0) {
            return;
        }
        // Split the larger output dimension into whole tiles; the split never changes a result.
        if (m / MR >= n / NR) {
            int tiles = (m + MR - 1) / MR;
            ctx.parallelFor(tiles, 1, (from, to) -> serial(from * MR, Math.min(m, to * MR), 0, n, k, a, b, c, cOff,
                    ldc, accumulate));
        } else {
            int tiles = (n + NR - 1) / NR;
            ctx.parallelFor(tiles, 1, (from, to) -> serial(0, m, from * NR, Math.min(n, to * NR), k, a, b, c, cOff,
                    ldc, accumulate));
        }
    }

    /** The same product on the calling thread only (for use inside an outer parallel loop). */
    public static void multiplySerial(int m, int n, int k, Operand a, Operand b, float[] c, int cOff, int ldc,
            boolean accumulate) {
        if (m > 0 && n > 0) {
            serial(0, m, 0, n, k, a, b, c, cOff, ldc, accumulate);
        }
    }

    /** Rows [i0, i1) × columns [j0, j1) of C. */
    private static void serial(int i0, int i1, int j0, int j1, int k, Operand a, Operand b, float[] c, int cOff,
            int ldc, boolean accumulate) {
        if (k == 0) {
            if (!accumulate) {
                for (int i = i0; i < i1; i++) {
                    java.util.Arrays.fill(c, cOff + i * ldc + j0, cOff + i * ldc + j1, 0f);
                }
            }
            return;
        }
        float[][] s = SCRATCH.get();
        float[] ap = s[0];
        float[] bp = s[1];
        float[] edge = s[2];
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(b, pc, kc, jc, nc, bp);
                boolean add = accumulate || pc > 0;
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    packA(a, ic, mc, pc, kc, ap);
                    for (int ir = 0; ir < mc; ir += MR) {
                        int mr = Math.min(MR, mc - ir);
                        for (int jr = 0; jr < nc; jr += NR) {
                            int nr = Math.min(NR, nc - jr);
                            int co = cOff + (ic + ir) * ldc + jc + jr;
                            if (mr == MR && nr == NR) {
                                kernel(kc, ap, ir * kc * L, bp, jr * kc, c, co, ldc, add);
                            } else {
                                // Same arithmetic into a full-size scratch tile, then the valid part.
                                kernel(kc, ap, ir * kc * L, bp, jr * kc, edge, 0, NR, false);
                                for (int r = 0; r < mr; r++) {
                                    for (int j = 0; j < nr; j++) {
                                        int ci = co + r * ldc + j;
                                        c[ci] = add ? c[ci] + edge[r * NR + j] : edge[r * NR + j];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs A[ic.., pc..] (mc × kc) into MR-row panels of broadcast vectors: panel q holds A(r, p)
     * repeated L times at q·MR·kc·L + (p·MR + r)·L. Rows past mc are zero.
     */
    private static void packA(Operand a, int ic, int mc, int pc, int kc, float[] ap) {
        float[] d = a.data();
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int base = ir * kc * L;
            for (int p = 0; p < kc; p++) {
                int src = a.off() + (ic + ir) * a.rowStride() + (pc + p) * a.colStride();
                for (int r = 0; r < MR; r++) {
                    float v = r < mr ? d[src + r * a.rowStride()] : 0f;
                    FloatVector.broadcast(F, v).intoArray(ap, base + (p * MR + r) * L);
                }
            }
        }
    }

    /** Packs B[pc.., jc..] (kc × nc) into NR-column panels: panel q holds (p, j) at q·NR·kc + p·NR + j. */
    private static void packB(Operand b, int pc, int kc, int jc, int nc, float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = jr * kc;
            if (b.colStride() == 1) {
                for (int p = 0; p < kc; p++) {
                    int src = b.off() + (pc + p) * b.rowStride() + jc + jr;
                    System.arraycopy(b.data(), src, bp, base + p * NR, nr);
                }
            } else {
                for (int j = 0; j < nr; j++) {
                    int src = b.off() + pc * b.rowStride() + (jc + jr + j) * b.colStride();
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * NR + j] = b.data()[src + p * b.rowStride()];
                    }
                }
            }
            if (nr < NR) {
                for (int p = 0; p < kc; p++) {
                    java.util.Arrays.fill(bp, base + p * NR + nr, base + (p + 1) * NR, 0f);
                }
            }
        }
    }

    /** The MR×NR register tile over kc packed values: C = (add ? C : 0) + Σ_p a_p ⊗ b_p. */
    private static void kernel(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc,
            boolean add) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++) {
            int ai = ao + p * MRL;
            int bi = bo + p * NR;
            FloatVector b0 = FloatVector.fromArray(F, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F, bp, bi + L);
            FloatVector x = FloatVector.fromArray(F, ap, ai);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.fromArray(F, ap, ai + L);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.fromArray(F, ap, ai + 2 * L);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.fromArray(F, ap, ai + 3 * L);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.fromArray(F, ap, ai + 4 * L);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.fromArray(F, ap, ai + 5 * L);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        // Written out rather than through a helper taking vectors: a call that is not inlined
        // boxes its vector arguments, and that alone halved the kernel's speed.
        if (add) {
            c00 = c00.add(FloatVector.fromArray(F, c, co));
            c01 = c01.add(FloatVector.fromArray(F, c, co + L));
            c10 = c10.add(FloatVector.fromArray(F, c, co + ldc));
            c11 = c11.add(FloatVector.fromArray(F, c, co + ldc + L));
            c20 = c20.add(FloatVector.fromArray(F, c, co + 2 * ldc));
            c21 = c21.add(FloatVector.fromArray(F, c, co + 2 * ldc + L));
            c30 = c30.add(FloatVector.fromArray(F, c, co + 3 * ldc));
            c31 = c31.add(FloatVector.fromArray(F, c, co + 3 * ldc + L));
            c40 = c40.add(FloatVector.fromArray(F, c, co + 4 * ldc));
            c41 = c41.add(FloatVector.fromArray(F, c, co + 4 * ldc + L));
            c50 = c50.add(FloatVector.fromArray(F, c, co + 5 * ldc));
            c51 = c51.add(FloatVector.fromArray(F, c, co + 5 * ldc + L));
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + L);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + L);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + L);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + L);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + L);
    }
}
