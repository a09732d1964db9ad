package org.pollux.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight × activations product behind {@link Ops#matmul}, for any number of tokens (a prefill
 * chunk, a decode batch, or one token).
 *
 * <p><b>One arithmetic order per (row, token) pair.</b> Each output is computed exactly as
 * {@code FloatOps.dot(dequantized row, x[t])}: one vector accumulator over the row in steps of the
 * preferred species, {@link FloatOps#sumLanes}, then a scalar tail. Tiles only decide which pairs
 * run side by side, never the order within a pair, so a row's result does not depend on how many
 * tokens share the call, which tile a token lands in, or the thread count. That is what makes a
 * sequence's logits identical whether it is decoded alone or in a batch with others.
 *
 * <p><b>Blocking.</b> Threads take contiguous ranges of rows. Three rows at a time are unpacked to
 * floats, {@value #CHUNK} columns at a time (6 KiB, kept in L1 beside the activations), and
 * multiplied with every token of a block of up to {@value #TOKEN_BLOCK}: so a decode batch reads
 * each weight row from memory once per step, and the unpacking is shared by all its tokens. The
 * accumulators of every pair of the block live in a small array between chunks (storing and
 * reloading a vector is exact). The register tile is 3 rows × 4 tokens: 12 accumulators + 3
 * weight vectors + 1 activation vector = 16 registers, exactly what AVX2 has; leftover tokens run
 * 3 rows × 1 token (three independent chains, the shape of a single-sequence decode step).
 */
final class TiledProduct {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Rows unpacked together; also the row count of the register tile. */
    static final int ROWS = 3;
    /** Tokens per register tile. */
    static final int TOKENS = 4;
    /** Tokens multiplied with one unpacking of the rows. */
    static final int TOKEN_BLOCK = 32;
    /** Columns unpacked at a time: a multiple of every block size (32, 256) and of every lane count. */
    static final int CHUNK = 512;

    private TiledProduct() {}

    static void multiply(ComputeContext ctx, WeightKernel k, Tensor w, float[] x, int n, float[] y) {
        MemorySegment seg = w.data();
        DType type = w.type();
        long rowBytes = w.rowBytes();
        int cols = w.cols();
        int rows = w.rows();
        int stride = Math.min(cols, CHUNK);
        int vectorEnd = F.loopBound(cols);
        int lastChunk = (cols - 1) / CHUNK * CHUNK;
        ctx.parallelFor(rows, ROWS * 4, (from, to) -> {
            float[] tile = new float[ROWS * stride];
            float[] acc = new float[ROWS * Math.min(n, TOKEN_BLOCK) * L];
            for (int t0 = 0; t0 < n; t0 += TOKEN_BLOCK) {
                int tc = Math.min(TOKEN_BLOCK, n - t0);
                for (int r0 = from; r0 < to; r0 += ROWS) {
                    int rc = Math.min(ROWS, to - r0);
                    Arrays.fill(acc, 0, rc * tc * L, 0f);
                    for (int c0 = 0; c0 < cols; c0 += CHUNK) {
                        int kc = Math.min(CHUNK, cols - c0);
                        for (int i = 0; i < rc; i++) {
                            k.dequantize(seg, (r0 + i) * rowBytes + type.bytesFor(c0), tile, i * stride, kc);
                        }
                        accumulate(tile, stride, rc, x, cols, t0, tc, c0, Math.max(0, Math.min(kc, vectorEnd - c0)), acc);
                    }
                    // The tile now holds the last chunk, where the scalar tail lies.
                    for (int i = 0; i < rc; i++) {
                        for (int j = 0; j < tc; j++) {
                            float s = FloatOps.sumLanes(FloatVector.fromArray(F, acc, (i * tc + j) * L));
                            int xo = (t0 + j) * cols;
                            for (int c = vectorEnd; c < cols; c++) {
                                s += tile[i * stride + c - lastChunk] * x[xo + c];
                            }
                            y[(t0 + j) * rows + r0 + i] = s;
                        }
                    }
                }
            }
        });
    }

    /** Adds columns [c0, c0 + len) (whole vectors) of every (row, token) pair of the block to its accumulator. */
    private static void accumulate(float[] tile, int stride, int rc, float[] x, int cols, int t0, int tc, int c0, int len,
            float[] acc) {
        int j = 0;
        if (rc == ROWS) {
            for (; j + TOKENS <= tc; j += TOKENS) {
                tile3x4(tile, stride, x, (t0 + j) * cols + c0, cols, len, acc, j, tc);
            }
            for (; j < tc; j++) {
                tile3x1(tile, stride, x, (t0 + j) * cols + c0, len, acc, j, tc);
            }
            return;
        }
        for (int i = 0; i < rc; i++) {
            for (int jj = 0; jj < tc; jj++) {
                int a = (i * tc + jj) * L;
                int xo = (t0 + jj) * cols + c0;
                FloatVector s = FloatVector.fromArray(F, acc, a);
                for (int c = 0; c < len; c += L) {
                    s = FloatVector.fromArray(F, tile, i * stride + c).fma(FloatVector.fromArray(F, x, xo + c), s);
                }
                s.intoArray(acc, a);
            }
        }
    }

    /** Three rows × four tokens (j .. j+3 of the block); 7 loads feed 12 FMAs. */
    private static void tile3x4(float[] tile, int stride, float[] x, int x0, int cols, int len, float[] acc, int j, int tc) {
        int r0 = j * L;
        int r1 = (tc + j) * L;
        int r2 = (2 * tc + j) * L;
        FloatVector a00 = FloatVector.fromArray(F, acc, r0), a01 = FloatVector.fromArray(F, acc, r0 + L);
        FloatVector a02 = FloatVector.fromArray(F, acc, r0 + 2 * L), a03 = FloatVector.fromArray(F, acc, r0 + 3 * L);
        FloatVector a10 = FloatVector.fromArray(F, acc, r1), a11 = FloatVector.fromArray(F, acc, r1 + L);
        FloatVector a12 = FloatVector.fromArray(F, acc, r1 + 2 * L), a13 = FloatVector.fromArray(F, acc, r1 + 3 * L);
        FloatVector a20 = FloatVector.fromArray(F, acc, r2), a21 = FloatVector.fromArray(F, acc, r2 + L);
        FloatVector a22 = FloatVector.fromArray(F, acc, r2 + 2 * L), a23 = FloatVector.fromArray(F, acc, r2 + 3 * L);
        int x1 = x0 + cols;
        int x2 = x1 + cols;
        int x3 = x2 + cols;
        for (int c = 0; c < len; c += L) {
            FloatVector w0 = FloatVector.fromArray(F, tile, c);
            FloatVector w1 = FloatVector.fromArray(F, tile, stride + c);
            FloatVector w2 = FloatVector.fromArray(F, tile, 2 * stride + c);
            FloatVector v = FloatVector.fromArray(F, x, x0 + c);
            a00 = w0.fma(v, a00); a10 = w1.fma(v, a10); a20 = w2.fma(v, a20);
            v = FloatVector.fromArray(F, x, x1 + c);
            a01 = w0.fma(v, a01); a11 = w1.fma(v, a11); a21 = w2.fma(v, a21);
            v = FloatVector.fromArray(F, x, x2 + c);
            a02 = w0.fma(v, a02); a12 = w1.fma(v, a12); a22 = w2.fma(v, a22);
            v = FloatVector.fromArray(F, x, x3 + c);
            a03 = w0.fma(v, a03); a13 = w1.fma(v, a13); a23 = w2.fma(v, a23);
        }
        a00.intoArray(acc, r0); a01.intoArray(acc, r0 + L); a02.intoArray(acc, r0 + 2 * L); a03.intoArray(acc, r0 + 3 * L);
        a10.intoArray(acc, r1); a11.intoArray(acc, r1 + L); a12.intoArray(acc, r1 + 2 * L); a13.intoArray(acc, r1 + 3 * L);
        a20.intoArray(acc, r2); a21.intoArray(acc, r2 + L); a22.intoArray(acc, r2 + 2 * L); a23.intoArray(acc, r2 + 3 * L);
    }

    /** Three rows × one token (j of the block): three independent FMA chains. */
    private static void tile3x1(float[] tile, int stride, float[] x, int xo, int len, float[] acc, int j, int tc) {
        int r0 = j * L;
        int r1 = (tc + j) * L;
        int r2 = (2 * tc + j) * L;
        FloatVector a0 = FloatVector.fromArray(F, acc, r0);
        FloatVector a1 = FloatVector.fromArray(F, acc, r1);
        FloatVector a2 = FloatVector.fromArray(F, acc, r2);
        for (int c = 0; c < len; c += L) {
            FloatVector v = FloatVector.fromArray(F, x, xo + c);
            a0 = FloatVector.fromArray(F, tile, c).fma(v, a0);
            a1 = FloatVector.fromArray(F, tile, stride + c).fma(v, a1);
            a2 = FloatVector.fromArray(F, tile, 2 * stride + c).fma(v, a2);
        }
        a0.intoArray(acc, r0);
        a1.intoArray(acc, r1);
        a2.intoArray(acc, r2);
    }
}
