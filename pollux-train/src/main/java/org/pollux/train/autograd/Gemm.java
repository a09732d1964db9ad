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
 * into MR×KC micro-panels (on AVX-512 A is read in place instead), and an MR×NR register tile of
 * accumulators runs the inner loop over k ({@link Tile}: 6 rows × 2 vectors of 8 on AVX2, 6 rows
 * × 4 vectors of 16 on AVX-512).
 * On AVX2, A is packed <em>pre-broadcast</em> (each value repeated across a vector): C2 compiles
 * {@code FloatVector.broadcast} of an array element to a scalar load plus a register shuffle,
 * and the shuffles competed with the FMAs for the same ports (41 GFLOP/s per core on Zen 3);
 * with plain vector loads the kernel reaches ~85–90 (the FMA peak is ~83–90). On AVX-512 the
 * broadcasts are cheap next to 24 FMAs per k. The pre-broadcast
 * panel is L× larger, so the loop order keeps one A micro-panel in L1 while the B micro-panels
 * stream from L2. Packing makes transposed operands cost the same as row-major ones.
 *
 * <p>Determinism: element C[i][j] is always the sum over k in KC-blocks in increasing order,
 * each block accumulated by FMAs in increasing k starting from zero, then added to C. Threads
 * split the output into whole tiles and never share a sum, so the result is bit-identical for
 * any thread count, any split and either tile.
 */
public final class Gemm {
    /**
     * The register tile. Lanes only ever run along the output columns j, never along the sum over
     * k, so both tiles compute every C[i][j] with the same operations in the same order: their
     * results are bit-identical, and a training run gives the same losses on AVX2 and AVX-512.
     * Lane counts and tile sizes are literals inside each kernel on purpose: with strides computed
     * from fields C2 did not fold them and the kernel ran at half speed (40 vs 85–90 GFLOP/s per
     * Zen 3 core).
     */
    enum Tile {
        /** 6 rows × 2 vectors of 8 (AVX2: 12 accumulators + 2 B + 1 A of 16 registers). */
        NARROW(6, 16, 8, 48, 512),
        /**
         * 6 rows × 4 vectors of 16 (AVX-512: 24 accumulators + 4 B + 1 A of 32 registers); A is
         * read in place and broadcast in the kernel (only partial row tiles are packed), in
         * 192-row blocks. On a Xeon core: training train-s 1,059–1,078 tokens/s against 621–723 for
         * NARROW; GemmBenchmark 2048×768×768 about 100–115 GFLOP/s per core (120–137 with a packed
         * compact A block, which training measured slower). A pre-broadcast 4×64 variant was
         * slower still (its panels are 16× the data); 4×64 or 12×32 tiles measured like 6×64.
         */
        WIDE(6, 64, 1, 192, 2048);

        final int mr;
        final int nr;
        /** How many times a packed A panel repeats each value (a vector's lanes when pre-broadcast, else 1). */
        final int lanes;
        /** Rows of A per block (packed at once for NARROW: mc·KC·lanes floats, in L2). */
        final int mc;
        /** Columns of B packed at once (KC·nc floats: 256 KiB for NARROW, sized for Zen 3's L2; 1 MiB for WIDE). */
        final int nc;

        Tile(int mr, int nr, int lanes, int mc, int nc) {
            this.mr = mr;
            this.nr = nr;
            this.lanes = lanes;
            this.mc = mc;
            this.nc = nc;
        }

        /** WIDE where the machine has 512-bit vectors, else NARROW; {@code -Dpollux.gemm.tile=narrow|wide} overrides. */
        static Tile forThisMachine() {
            String forced = System.getProperty("pollux.gemm.tile");
            if (forced != null) {
                return valueOf(forced.toUpperCase(java.util.Locale.ROOT));
            }
            return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512 ? WIDE : NARROW;
        }
    }

    static final Tile MACHINE_TILE = Tile.forThisMachine();
    private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;
    private static final VectorSpecies<Float> F16 = FloatVector.SPECIES_512;
    /** Depth of one packed block (an A micro-panel of broadcast vectors stays in L1). Fixes the summation order. */
    private static final int KC = 128;
    /** Per thread: a packed A block, a packed B block and a partial-tile scratch, each sized for the larger tile. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {
        new float[largest(t -> t.mc * KC * t.lanes)], new float[largest(t -> KC * t.nc)],
        new float[largest(t -> t.mr * t.nr)]});

    private static int largest(java.util.function.ToIntFunction<Tile> size) {
        return java.util.Arrays.stream(Tile.values()).mapToInt(size).max().orElseThrow();
    }

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
        multiply(MACHINE_TILE, ctx, m, n, k, a, b, c, cOff, ldc, accumulate);
    }

    /** {@link #multiply(ComputeContext, int, int, int, Operand, Operand, float[], int, int, boolean)} with a given tile. */
    static void multiply(Tile t, ComputeContext ctx, int m, int n, int k, Operand a, Operand b, float[] c, int cOff,
            int ldc, boolean accumulate) {
        if (m <= 0 || n <= 0) {
            return;
        }
        // Split the larger output dimension into whole tiles; the split never changes a result.
        int mr = t.mr;
        int nr = t.nr;
        if (m / mr >= n / nr) {
            int tiles = (m + mr - 1) / mr;
            ctx.parallelFor(tiles, 1, (from, to) -> serial(t, from * mr, Math.min(m, to * mr), 0, n, k, a, b, c, cOff,
                    ldc, accumulate));
        } else {
            int tiles = (n + nr - 1) / nr;
            ctx.parallelFor(tiles, 1, (from, to) -> serial(t, 0, m, from * nr, Math.min(n, to * nr), k, a, b, c, cOff,
                    ldc, accumulate));
        }
    }

    /** The same product on the calling thread only (for use inside an outer parallel loop). */
    public static void multiplySerial(int m, int n, int k, Operand a, Operand b, float[] c, int cOff, int ldc,
            boolean accumulate) {
        if (m > 0 && n > 0) {
            serial(MACHINE_TILE, 0, m, 0, n, k, a, b, c, cOff, ldc, accumulate);
        }
    }

    /** Rows [i0, i1) × columns [j0, j1) of C. */
    private static void serial(Tile t, int i0, int i1, int j0, int j1, int k, Operand a, Operand b, float[] c,
            int cOff, int ldc, boolean accumulate) {
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
        int mrT = t.mr;
        int nrT = t.nr;
        int lanes = t.lanes;
        for (int jc = j0; jc < j1; jc += t.nc) {
            int nc = Math.min(t.nc, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                packB(b, pc, kc, jc, nc, nrT, bp);
                boolean add = accumulate || pc > 0;
                for (int ic = i0; ic < i1; ic += t.mc) {
                    int mc = Math.min(t.mc, i1 - ic);
                    if (t == Tile.WIDE) {
                        // A is read in place, not packed: packing cost as much as the products of
                        // attention's small matrices, and training measured faster without it even
                        // where a large product alone prefers a packed block (1059–1078 vs 952–982
                        // tokens/s on train-s). One B micro-panel stays in L1 while the A rows stream.
                        for (int jr = 0; jr < nc; jr += nrT) {
                            for (int ir = 0; ir < mc; ir += mrT) {
                                wideTile(kc, a, ic + ir, pc, Math.min(mrT, mc - ir), ap, bp, jr * kc, edge, c,
                                        cOff + (ic + ir) * ldc + jc + jr, ldc, Math.min(nrT, nc - jr), add);
                            }
                        }
                    } else {
                        // Pre-broadcast A panels are large: keep one in L1 and stream the B micro-panels.
                        packA(a, ic, mc, pc, kc, mrT, lanes, ap);
                        for (int ir = 0; ir < mc; ir += mrT) {
                            for (int jr = 0; jr < nc; jr += nrT) {
                                narrowTile(kc, ap, ir * kc * lanes, bp, jr * kc, edge, c,
                                        cOff + (ic + ir) * ldc + jc + jr, ldc, Math.min(mrT, mc - ir),
                                        Math.min(nrT, nc - jr), add);
                            }
                        }
                    }
                }
            }
        }
    }

    /** A 6×16 tile from packed panels at ao (A) and bo (B); partial tiles go through scratch. */
    private static void narrowTile(int kc, float[] ap, int ao, float[] bp, int bo, float[] edge, float[] c, int co,
            int ldc, int mr, int nr, boolean add) {
        if (mr == 6 && nr == 16) {
            kernelNarrow(kc, ap, ao, bp, bo, c, co, ldc, add);
        } else {
            kernelNarrow(kc, ap, ao, bp, bo, edge, 0, 16, false);
            addValidPart(edge, 16, c, co, ldc, mr, nr, add);
        }
    }

    /**
     * A 6×64 tile for rows [row, row + mr) of A, read in place, and the B micro-panel at bo. A
     * partial row tile is packed first (its missing rows as zeros) so the kernel never reads past
     * A; partial tiles go through scratch.
     */
    private static void wideTile(int kc, Operand a, int row, int pc, int mr, float[] ap, float[] bp, int bo,
            float[] edge, float[] c, int co, int ldc, int nr, boolean add) {
        float[] ad = a.data();
        int ao = a.off() + row * a.rowStride() + pc * a.colStride();
        int aRow = a.rowStride();
        int aCol = a.colStride();
        if (mr < 6) {
            packA(a, row, mr, pc, kc, 6, 1, ap);
            ad = ap;
            ao = 0;
            aRow = 1;
            aCol = 6;
        }
        if (mr == 6 && nr == 64) {
            kernelWide(kc, ad, ao, aRow, aCol, bp, bo, c, co, ldc, add);
        } else {
            kernelWide(kc, ad, ao, aRow, aCol, bp, bo, edge, 0, 64, false);
            addValidPart(edge, 64, c, co, ldc, mr, nr, add);
        }
    }

    /** Rows [0, mr) × columns [0, nr) of a scratch tile into C (added when {@code add}). */
    private static void addValidPart(float[] edge, int width, float[] c, int co, int ldc, int mr, int nr,
            boolean add) {
        for (int r = 0; r < mr; r++) {
            for (int j = 0; j < nr; j++) {
                int ci = co + r * ldc + j;
                c[ci] = add ? c[ci] + edge[r * width + j] : edge[r * width + j];
            }
        }
    }

    /**
     * Packs A[ic.., pc..] (mc × kc) into MR-row panels of broadcast vectors: panel q holds A(r, p)
     * repeated L times at q·MR·kc·L + (p·MR + r)·L, for the tile's MR and L. Rows past mc are zero.
     */
    private static void packA(Operand a, int ic, int mc, int pc, int kc, int tileRows, int lanes, float[] ap) {
        float[] d = a.data();
        for (int ir = 0; ir < mc; ir += tileRows) {
            int mr = Math.min(tileRows, mc - ir);
            int base = ir * kc * lanes;
            for (int p = 0; p < kc; p++) {
                int src = a.off() + (ic + ir) * a.rowStride() + (pc + p) * a.colStride();
                for (int r = 0; r < tileRows; r++) {
                    float v = r < mr ? d[src + r * a.rowStride()] : 0f;
                    int at = base + (p * tileRows + r) * lanes;
                    // No call per value: with Arrays.fill here packing cost as much as the kernel.
                    if (lanes == 1) {
                        ap[at] = v;
                    } else {
                        FloatVector.broadcast(F8, v).intoArray(ap, at);
                    }
                }
            }
        }
    }

    /** Packs B[pc.., jc..] (kc × nc) into NR-column panels: panel q holds (p, j) at q·NR·kc + p·NR + j. */
    private static void packB(Operand b, int pc, int kc, int jc, int nc, int tileCols, float[] bp) {
        final int NR = tileCols;
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

    /** The 6×16 register tile over kc packed values: C = (add ? C : 0) + Σ_p a_p ⊗ b_p. */
    private static void kernelNarrow(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc,
            boolean add) {
        FloatVector c00 = FloatVector.zero(F8), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int p = 0; p < kc; p++) {
            int ai = ao + p * 48;
            int bi = bo + p * 16;
            FloatVector b0 = FloatVector.fromArray(F8, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F8, bp, bi + 8);
            FloatVector x = FloatVector.fromArray(F8, ap, ai);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.fromArray(F8, ap, ai + 8);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.fromArray(F8, ap, ai + 2 * 8);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.fromArray(F8, ap, ai + 3 * 8);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.fromArray(F8, ap, ai + 4 * 8);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.fromArray(F8, ap, ai + 5 * 8);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        // Written out rather than through a helper taking vectors: a call that is not inlined
        // boxes its vector arguments, and that alone halved the kernel's speed.
        if (add) {
            c00 = c00.add(FloatVector.fromArray(F8, c, co));
            c01 = c01.add(FloatVector.fromArray(F8, c, co + 8));
            c10 = c10.add(FloatVector.fromArray(F8, c, co + ldc));
            c11 = c11.add(FloatVector.fromArray(F8, c, co + ldc + 8));
            c20 = c20.add(FloatVector.fromArray(F8, c, co + 2 * ldc));
            c21 = c21.add(FloatVector.fromArray(F8, c, co + 2 * ldc + 8));
            c30 = c30.add(FloatVector.fromArray(F8, c, co + 3 * ldc));
            c31 = c31.add(FloatVector.fromArray(F8, c, co + 3 * ldc + 8));
            c40 = c40.add(FloatVector.fromArray(F8, c, co + 4 * ldc));
            c41 = c41.add(FloatVector.fromArray(F8, c, co + 4 * ldc + 8));
            c50 = c50.add(FloatVector.fromArray(F8, c, co + 5 * ldc));
            c51 = c51.add(FloatVector.fromArray(F8, c, co + 5 * ldc + 8));
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 8);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + 8);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 8);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 8);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 8);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 8);
    }

    /**
     * The 6×64 register tile over kc packed values, in 16-lane vectors: the same sums as
     * {@link #kernelNarrow}. Element (r, p) of A is {@code a[ao + r·aRow + p·aCol]}, broadcast here:
     * the operand itself, or a packed panel (aRow 1, aCol 6).
     */
    private static void kernelWide(int kc, float[] a, int ao, int aRow, int aCol, float[] bp, int bo, float[] c,
            int co, int ldc, boolean add) {
        int a2 = 2 * aRow;
        int a3 = 3 * aRow;
        int a4 = 4 * aRow;
        int a5 = 5 * aRow;
        FloatVector c00 = FloatVector.zero(F16);
        FloatVector c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00, c20 = c00;
        FloatVector c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00, c40 = c00;
        FloatVector c41 = c00, c42 = c00, c43 = c00, c50 = c00, c51 = c00, c52 = c00, c53 = c00;
        for (int p = 0; p < kc; p++) {
            int ai = ao + p * aCol;
            int bi = bo + p * 64;
            FloatVector b0 = FloatVector.fromArray(F16, bp, bi);
            FloatVector b1 = FloatVector.fromArray(F16, bp, bi + 16);
            FloatVector b2 = FloatVector.fromArray(F16, bp, bi + 32);
            FloatVector b3 = FloatVector.fromArray(F16, bp, bi + 48);
            FloatVector x = FloatVector.broadcast(F16, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(F16, a[ai + aRow]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(F16, a[ai + a2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(F16, a[ai + a3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
            x = FloatVector.broadcast(F16, a[ai + a4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            c42 = x.fma(b2, c42);
            c43 = x.fma(b3, c43);
            x = FloatVector.broadcast(F16, a[ai + a5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            c52 = x.fma(b2, c52);
            c53 = x.fma(b3, c53);
        }
        if (add) {
            c00 = c00.add(FloatVector.fromArray(F16, c, co));
            c01 = c01.add(FloatVector.fromArray(F16, c, co + 16));
            c02 = c02.add(FloatVector.fromArray(F16, c, co + 32));
            c03 = c03.add(FloatVector.fromArray(F16, c, co + 48));
            c10 = c10.add(FloatVector.fromArray(F16, c, co + ldc));
            c11 = c11.add(FloatVector.fromArray(F16, c, co + ldc + 16));
            c12 = c12.add(FloatVector.fromArray(F16, c, co + ldc + 32));
            c13 = c13.add(FloatVector.fromArray(F16, c, co + ldc + 48));
            c20 = c20.add(FloatVector.fromArray(F16, c, co + 2 * ldc));
            c21 = c21.add(FloatVector.fromArray(F16, c, co + 2 * ldc + 16));
            c22 = c22.add(FloatVector.fromArray(F16, c, co + 2 * ldc + 32));
            c23 = c23.add(FloatVector.fromArray(F16, c, co + 2 * ldc + 48));
            c30 = c30.add(FloatVector.fromArray(F16, c, co + 3 * ldc));
            c31 = c31.add(FloatVector.fromArray(F16, c, co + 3 * ldc + 16));
            c32 = c32.add(FloatVector.fromArray(F16, c, co + 3 * ldc + 32));
            c33 = c33.add(FloatVector.fromArray(F16, c, co + 3 * ldc + 48));
            c40 = c40.add(FloatVector.fromArray(F16, c, co + 4 * ldc));
            c41 = c41.add(FloatVector.fromArray(F16, c, co + 4 * ldc + 16));
            c42 = c42.add(FloatVector.fromArray(F16, c, co + 4 * ldc + 32));
            c43 = c43.add(FloatVector.fromArray(F16, c, co + 4 * ldc + 48));
            c50 = c50.add(FloatVector.fromArray(F16, c, co + 5 * ldc));
            c51 = c51.add(FloatVector.fromArray(F16, c, co + 5 * ldc + 16));
            c52 = c52.add(FloatVector.fromArray(F16, c, co + 5 * ldc + 32));
            c53 = c53.add(FloatVector.fromArray(F16, c, co + 5 * ldc + 48));
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + 16);
        c02.intoArray(c, co + 32);
        c03.intoArray(c, co + 48);
        c10.intoArray(c, co + ldc);
        c11.intoArray(c, co + ldc + 16);
        c12.intoArray(c, co + ldc + 32);
        c13.intoArray(c, co + ldc + 48);
        c20.intoArray(c, co + 2 * ldc);
        c21.intoArray(c, co + 2 * ldc + 16);
        c22.intoArray(c, co + 2 * ldc + 32);
        c23.intoArray(c, co + 2 * ldc + 48);
        c30.intoArray(c, co + 3 * ldc);
        c31.intoArray(c, co + 3 * ldc + 16);
        c32.intoArray(c, co + 3 * ldc + 32);
        c33.intoArray(c, co + 3 * ldc + 48);
        c40.intoArray(c, co + 4 * ldc);
        c41.intoArray(c, co + 4 * ldc + 16);
        c42.intoArray(c, co + 4 * ldc + 32);
        c43.intoArray(c, co + 4 * ldc + 48);
        c50.intoArray(c, co + 5 * ldc);
        c51.intoArray(c, co + 5 * ldc + 16);
        c52.intoArray(c, co + 5 * ldc + 32);
        c53.intoArray(c, co + 5 * ldc + 48);
    }
}
