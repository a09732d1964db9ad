package org.pollux.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The kernel seam the model calls: matrix-vector and matrix-matrix products against weight
 * tensors of any supported {@link DType}, and row dequantization.
 *
 * <p>Layout: a weight with shape {@code [cols, rows]} (ggml order) holds {@code rows} rows of
 * {@code cols} elements; {@code y[r] = dot(row r, x)}.
 *
 * <p>PROVISIONAL: this first version is scalar and handles only F32; the kernels work replaces the
 * bodies with Vector API kernels for every type. The signatures are the contract.
 */
public final class Ops {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Ops() {}

    /** Whether the kernels can compute with weights of this type. */
    public static boolean supports(DType type) {
        return type == DType.F32;
    }

    /** y[yOff + r] = Σ_c W[r][c] · x[xOff + c] for every row r. */
    public static void matvec(ComputeContext ctx, Tensor w, float[] x, int xOff, float[] y, int yOff) {
        int rows = w.rows();
        int cols = w.cols();
        ctx.parallelFor(rows, 16, (from, to) -> {
            float[] row = new float[cols];
            for (int r = from; r < to; r++) {
                dequantizeRow(w, r, row, 0);
                float s = 0;
                for (int c = 0; c < cols; c++) {
                    s += row[c] * x[xOff + c];
                }
                y[yOff + r] = s;
            }
        });
    }

    /**
     * Batched product for prefill: {@code x} holds {@code n} vectors of length cols (row-major),
     * {@code y} receives {@code n} vectors of length rows: y[t][r] = dot(W[r], x[t]).
     */
    public static void matmul(ComputeContext ctx, Tensor w, float[] x, int n, float[] y) {
        int cols = w.cols();
        int rows = w.rows();
        for (int t = 0; t < n; t++) {
            matvec(ctx, w, x, t * cols, y, t * rows);
        }
    }

    /** Writes row {@code row} of {@code w} as floats into out[outOff .. outOff + cols). */
    public static void dequantizeRow(Tensor w, int row, float[] out, int outOff) {
        MemorySegment seg = w.data();
        long base = row * w.rowBytes();
        int cols = w.cols();
        switch (w.type()) {
            case F32 -> MemorySegment.copy(seg, F32, base, out, outOff, cols);
            default -> throw new UnsupportedOperationException("tensor '" + w.name() + "': type " + w.type()
                    + " is not supported yet");
        }
    }
}
