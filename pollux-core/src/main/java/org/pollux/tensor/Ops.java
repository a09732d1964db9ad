package org.pollux.tensor;

import java.lang.foreign.MemorySegment;

/**
 * The kernel seam the model calls: matrix-vector and matrix-matrix products against weight
 * tensors of any supported {@link DType}, and row dequantization.
 *
 * <p>Layout: a weight with shape {@code [cols, rows]} (ggml order) holds {@code rows} rows of
 * {@code cols} elements; {@code y[r] = dot(row r, x)}.
 *
 * <p>Threads split rows, never a dot product, so results are bit-identical for any thread count.
 * The model runs every product through {@link #matmul} (prefill chunks, decode batches, single
 * tokens alike): rows are unpacked to floats once per block of tokens and multiplied with a
 * register tile, and each (row, token) pair is summed in one fixed order, so results do not
 * depend on the batch either. {@link #matvec} streams each row through the type's quantized dot
 * kernel (another summation order); it serves measurements and kernel tests.
 */
public final class Ops {
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
     * Batched product: {@code x} holds {@code n} vectors of length cols (row-major), {@code y}
     * receives {@code n} vectors of length rows: y[t][r] = dot(W[r], x[t]).
     *
     * <p>Batch invariant: every y[t][r] is computed exactly as
     * {@code FloatOps.dot(dequantized row r, x[t])} (one vector accumulator over the row in steps
     * of the preferred species, {@link FloatOps#sumLanes}, then a scalar tail), whatever {@code n},
     * the tile a pair falls in, or the thread count. So a sequence's logits are bit-identical
     * whether it is decoded alone or inside a batch of any size with any other sequences, which
     * is what lets a batching server give the same text as sequential runs. (The quantized dot
     * kernels of {@link #matvec} sum in another order and are not used by the model.)
     *
     * <p>Rows are unpacked to floats once per block of up to 32 tokens, so a decode batch reads
     * each weight row from memory once and multiplies it with every token ({@link TiledProduct}).
     */
    public static void matmul(ComputeContext ctx, Tensor w, float[] x, int n, float[] y) {
        if (n < 1 || x.length < (long) n * w.cols() || y.length < (long) n * w.rows()) {
            throw new IllegalArgumentException("tensor '" + w.name() + "': " + n + " tokens need x of " + (long) n * w.cols()
                    + " and y of " + (long) n * w.rows() + " floats, got " + x.length + " and " + y.length);
        }
        TiledProduct.multiply(ctx, kernel(w), w, x, n, y);
    }
}
