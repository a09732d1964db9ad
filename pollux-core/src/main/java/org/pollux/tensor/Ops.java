package org.pollux.tensor;

import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernel seam the model calls: matrix-vector and matrix-matrix products against weight
 * tensors of any supported {@link DType}, and row dequantization.
 *
 * <p>Layout: a weight with shape {@code [cols, rows]} (ggml order) holds {@code rows} rows of
 * {@code cols} elements; {@code y[r] = dot(row r, x)}.
 *
 * <p>Threads split rows, never a dot product, so results are bit-identical for any thread count.
 * Decode ({@link #matvec}) streams each row once through the type's dot kernel: it is bound by
 * memory bandwidth. Prefill ({@link #matmul}) is bound by arithmetic: rows are unpacked to floats
 * once per block of tokens and multiplied with a 3-row × 4-token register tile, so each loaded
 * vector feeds several FMAs.
 */
public final class Ops {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Rows unpacked together; also the row count of the register tile. */
    private static final int ROWS = 3;
    /** Tokens per register tile. */
    private static final int TOKENS = 4;
    /** Tokens whose activations are kept hot in L2 while a thread walks its rows. */
    private static final int TOKEN_BLOCK = 32;

    private Ops() {}

    /** Whether the kernels can compute with weights of this type. */
    public static boolean supports(DType type) {
        return VectorKernels.of(type) != null;
    }

    private static WeightKernel kernel(Tensor w) {
        WeightKernel k = VectorKernels.of(w.type());
        if (k == null) {
            throw new UnsupportedOperationException("tensor '" + w.name() + "': type " + w.type()
                    + " is not supported (supported: F32, F16, BF16, Q8_0, Q4_0, Q4_1, Q4_K, Q5_K, Q6_K)");
        }
        return k;
    }

    /** y[yOff + r] = Σ_c W[r][c] · x[xOff + c] for every row r. */
    public static void matvec(ComputeContext ctx, Tensor w, float[] x, int xOff, float[] y, int yOff) {
        WeightKernel k = kernel(w);
        MemorySegment seg = w.data();
        long rowBytes = w.rowBytes();
        int cols = w.cols();
        ctx.parallelFor(w.rows(), 16, (from, to) -> k.dotRows(seg, rowBytes, from, to, x, xOff, cols, y, yOff));
    }

    /** Writes row {@code row} of {@code w} as floats into out[outOff .. outOff + cols). */
    public static void dequantizeRow(Tensor w, int row, float[] out, int outOff) {
        kernel(w).dequantize(w.data(), row * w.rowBytes(), out, outOff, w.cols());
    }

    /**
     * Batched product for prefill: {@code x} holds {@code n} vectors of length cols (row-major),
     * {@code y} receives {@code n} vectors of length rows: y[t][r] = dot(W[r], x[t]).
     */
    public static void matmul(ComputeContext ctx, Tensor w, float[] x, int n, float[] y) {
        if (n < TOKENS) {
            for (int t = 0; t < n; t++) {
                matvec(ctx, w, x, t * w.cols(), y, t * w.rows());
            }
            return;
        }
        WeightKernel k = kernel(w);
        MemorySegment seg = w.data();
        long rowBytes = w.rowBytes();
        int cols = w.cols();
        int rows = w.rows();
        ctx.parallelFor(rows, ROWS * 4, (from, to) -> {
            float[] tile = new float[ROWS * cols];
            for (int t0 = 0; t0 < n; t0 += TOKEN_BLOCK) {
                int tEnd = Math.min(n, t0 + TOKEN_BLOCK);
                for (int r0 = from; r0 < to; r0 += ROWS) {
                    int rc = Math.min(ROWS, to - r0);
                    for (int i = 0; i < rc; i++) {
                        k.dequantize(seg, (r0 + i) * rowBytes, tile, i * cols, cols);
                    }
                    for (int t = t0; t < tEnd; t += TOKENS) {
                        int tc = Math.min(TOKENS, tEnd - t);
                        if (rc == ROWS && tc == TOKENS) {
                            tile(tile, x, t, cols, rows, r0, y);
                        } else {
                            for (int i = 0; i < rc; i++) {
                                for (int j = 0; j < tc; j++) {
                                    y[(t + j) * rows + r0 + i] = FloatOps.dot(tile, i * cols, x, (t + j) * cols, cols);
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * Three unpacked rows × four tokens: 12 accumulators + 3 weight vectors + 1 activation vector
     * = 16 registers, exactly what AVX2 has (a 4 × 4 tile spills there); 7 loads feed 12 FMAs.
     */
    private static void tile(float[] tile, float[] x, int t, int cols, int rows, int r0, float[] y) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a02 = a00, a03 = a00;
        FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
        FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
        int x0 = t * cols;
        int x1 = x0 + cols;
        int x2 = x1 + cols;
        int x3 = x2 + cols;
        int c = 0;
        for (int bound = F.loopBound(cols); c < bound; c += F.length()) {
            FloatVector w0 = FloatVector.fromArray(F, tile, c);
            FloatVector w1 = FloatVector.fromArray(F, tile, cols + c);
            FloatVector w2 = FloatVector.fromArray(F, tile, 2 * cols + c);
            FloatVector v = FloatVector.fromArray(F, x, x0 + c);
            a00 = w0.fma(v, a00); a10 = w1.fma(v, a10); a20 = w2.fma(v, a20);
            v = FloatVector.fromArray(F, x, x1 + c);
            a01 = w0.fma(v, a01); a11 = w1.fma(v, a11); a21 = w2.fma(v, a21);
            v = FloatVector.fromArray(F, x, x2 + c);
            a02 = w0.fma(v, a02); a12 = w1.fma(v, a12); a22 = w2.fma(v, a22);
            v = FloatVector.fromArray(F, x, x3 + c);
            a03 = w0.fma(v, a03); a13 = w1.fma(v, a13); a23 = w2.fma(v, a23);
        }
        float[] s = {
            FloatOps.sumLanes(a00), FloatOps.sumLanes(a01),
            FloatOps.sumLanes(a02), FloatOps.sumLanes(a03),
            FloatOps.sumLanes(a10), FloatOps.sumLanes(a11),
            FloatOps.sumLanes(a12), FloatOps.sumLanes(a13),
            FloatOps.sumLanes(a20), FloatOps.sumLanes(a21),
            FloatOps.sumLanes(a22), FloatOps.sumLanes(a23)
        };
        for (; c < cols; c++) {
            for (int i = 0; i < ROWS; i++) {
                for (int j = 0; j < TOKENS; j++) {
                    s[i * TOKENS + j] += tile[i * cols + c] * x[(t + j) * cols + c];
                }
            }
        }
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < TOKENS; j++) {
                y[(t + j) * rows + r0 + i] = s[i * TOKENS + j];
            }
        }
    }
}
