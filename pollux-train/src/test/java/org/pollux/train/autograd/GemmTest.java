package org.pollux.train.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pollux.tensor.ComputeContext;
import org.pollux.train.autograd.Gemm.Operand;

/**
 * {@link Gemm} against a float64 triple loop over shapes that leave partial register tiles and
 * cross every blocking boundary (row blocks of 48 and 192, KC 128, column blocks of 512 and
 * 2048), for all four transposition cases, with and without accumulation; and bit-identical
 * results on 1 and 2 threads and with either register tile (8-lane and 16-lane: training must give
 * the same losses on AVX2 and AVX-512 machines).
 */
class GemmTest {
    @ParameterizedTest(name = "{0}x{1}x{2} transA {3} transB {4}")
    @CsvSource({
        "1, 1, 1, false, false",
        "7, 17, 5, false, true",
        "50, 530, 130, false, true",
        "97, 33, 260, true, false",
        "13, 600, 129, true, true",
        "130, 20, 0, false, false",
        "52, 1100, 300, false, false",
        "200, 70, 140, true, false",
        "7, 2100, 20, false, true"
    })
    void matchesFloat64AndIsThreadInvariant(int m, int n, int k, boolean transA, boolean transB) {
        SplittableRandom r = new SplittableRandom(m * 31L + n * 7L + k);
        float[] a = OpGradientTest.random(r, m * k + 3, -1, 1);
        float[] b = OpGradientTest.random(r, k * n + 5, -1, 1);
        // Offsets 3 and 5 check that views start where they say.
        Operand av = transA ? Operand.transposed(a, 3, m) : Operand.rows(a, 3, k);
        Operand bv = transB ? Operand.transposed(b, 5, k) : Operand.rows(b, 5, n);
        int ldc = n + 2;
        float[] c0 = OpGradientTest.random(r, m * ldc, -1, 1);
        double[] want = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = c0[i * ldc + j];
                for (int p = 0; p < k; p++) {
                    s += (double) av.at(i, p) * bv.at(p, j);
                }
                want[i * n + j] = s;
            }
        }
        float[][] results = new float[4][];
        for (int run = 0; run < 4; run++) {
            int threads = 1 + run % 2;
            Gemm.Tile tile = run < 2 ? Gemm.Tile.NARROW : Gemm.Tile.WIDE;
            try (ComputeContext ctx = ComputeContext.of(threads)) {
                float[] c = c0.clone();
                Gemm.multiply(tile, ctx, m, n, k, av, bv, c, 0, ldc, true);
                float[] got = new float[m * n];
                for (int i = 0; i < m; i++) {
                    System.arraycopy(c, i * ldc, got, i * n, n);
                    // the two padding columns of each row are untouched
                    assertThat(c[i * ldc + n]).isEqualTo(c0[i * ldc + n]);
                    assertThat(c[i * ldc + n + 1]).isEqualTo(c0[i * ldc + n + 1]);
                }
                OpGradientTest.assertClose("gemm accumulate", got, want, 1e-5);
                results[run] = got;
                float[] over = c0.clone();
                Gemm.multiply(tile, ctx, m, n, k, av, bv, over, 0, ldc, false);
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double s = want[i * n + j] - c0[i * ldc + j];
                        assertThat((double) over[i * ldc + j]).isCloseTo(s, org.assertj.core.api.Assertions.within(
                                1e-4 + 1e-5 * Math.abs(s)));
                    }
                }
            }
        }
        assertThat(results[1]).as("2 threads equal 1 thread bit for bit").containsExactly(results[0]);
        assertThat(results[2]).as("the 16-lane tile equals the 8-lane tile bit for bit").containsExactly(results[0]);
        assertThat(results[3]).as("16-lane tile, 2 threads").containsExactly(results[0]);
    }
}
