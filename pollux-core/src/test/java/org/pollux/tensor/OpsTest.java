package org.pollux.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** matvec against scalar dots (bit-identical across thread counts); matmul against matvec. */
class OpsTest {
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q4_K", "Q5_K", "Q6_K"})
    void matvecAndMatmulAgree(DType t) {
        int cols = t.blockSize() == 256 ? 512 : 96;
        int rows = 37;
        int n = 11; // not a multiple of the 4-token tile
        try (Arena arena = Arena.ofShared(); ComputeContext one = ComputeContext.of(1); ComputeContext two = ComputeContext.of(2)) {
            MemorySegment s = KernelTwinTest.randomBlocks(arena, t, rows * cols / t.blockSize(), 3);
            Tensor w = new Tensor("w", t, new long[] {cols, rows}, s);
            float[] x = new float[n * cols];
            SplittableRandom r = new SplittableRandom(4);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextDouble() * 2 - 1);
            }
            float[] y1 = new float[rows];
            float[] y2 = new float[rows];
            Ops.matvec(one, w, x, cols, y1, 0);
            Ops.matvec(two, w, x, cols, y2, 0);
            assertThat(y2).containsExactly(y1);
            for (int row = 0; row < rows; row++) {
                double ref = ScalarKernels.dot(t, s, row * w.rowBytes(), x, cols, cols);
                assertThat((double) y1[row]).isCloseTo(ref, org.assertj.core.data.Offset.offset(1e-4 * (1 + Math.abs(ref))));
            }
            float[] mm = new float[n * rows];
            Ops.matmul(two, w, x, n, mm);
            float[] mm1 = new float[n * rows];
            Ops.matmul(one, w, x, n, mm1);
            assertThat(mm).containsExactly(mm1);
            for (int tok = 0; tok < n; tok++) {
                float[] y = new float[rows];
                Ops.matvec(one, w, x, tok * cols, y, 0);
                for (int row = 0; row < rows; row++) {
                    assertThat(mm[tok * rows + row]).isCloseTo(y[row], org.assertj.core.data.Offset.offset(1e-4f * (1 + Math.abs(y[row]))));
                }
            }
        }
    }

    /**
     * Batch invariance at the kernel: every (row, token) result of matmul is bit for bit
     * FloatOps.dot(dequantized row, token), for every batch size (3×4 tiles, 3×1 tiles, leftover
     * rows), row lengths over several column chunks with a scalar tail, and any thread count.
     */
    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q4_K", "Q5_K", "Q6_K"})
    void matmulSumsEveryPairLikeTheDotOfTheDequantizedRow(DType t) {
        int cols = t.blockSize() == 256 ? 1280 : t.blockSize() == 1 ? 1157 : 1120;
        int rows = 23;
        try (Arena arena = Arena.ofShared(); ComputeContext two = ComputeContext.of(2)) {
            MemorySegment s = KernelTwinTest.randomBlocks(arena, t, rows * cols / t.blockSize(), 5);
            Tensor w = new Tensor("w", t, new long[] {cols, rows}, s);
            float[] x = new float[37 * cols];
            SplittableRandom r = new SplittableRandom(6);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextDouble() * 2 - 1);
            }
            float[] row = new float[cols];
            float[][] want = new float[rows][37];
            for (int i = 0; i < rows; i++) {
                Ops.dequantizeRow(w, i, row, 0);
                for (int tok = 0; tok < 37; tok++) {
                    want[i][tok] = FloatOps.dot(row, 0, x, tok * cols, cols);
                }
            }
            for (int n : new int[] {1, 2, 3, 4, 5, 8, 37}) {
                float[] y = new float[n * rows];
                Ops.matmul(two, w, x, n, y);
                for (int tok = 0; tok < n; tok++) {
                    for (int i = 0; i < rows; i++) {
                        assertThat(Float.floatToRawIntBits(y[tok * rows + i]))
                                .as("%s n=%d token %d row %d", t, n, tok, i)
                                .isEqualTo(Float.floatToRawIntBits(want[i][tok]));
                    }
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void unsupportedTypeIsNamed() {
        try (Arena arena = Arena.ofConfined(); ComputeContext ctx = ComputeContext.of(1)) {
            Tensor w = new Tensor("blk.0.attn_q.weight", DType.Q2_K, new long[] {256, 1}, arena.allocate(84));
            assertThatThrownBy(() -> Ops.matvec(ctx, w, new float[256], 0, new float[1], 0))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("blk.0.attn_q.weight").hasMessageContaining("Q2_K");
        }
    }
}
