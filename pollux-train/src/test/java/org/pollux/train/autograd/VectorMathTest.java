package org.pollux.train.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/**
 * exp: vector lanes equal the scalar twin bit for bit, and both are within 2 ulp of Math.exp. dot:
 * its summation order is fixed (eight lane accumulators, a pairwise tree, then the tail), whatever
 * the machine's vector width.
 */
class VectorMathTest {
    @Test
    void vectorEqualsScalarTwinAndIsAccurate() {
        float[] x = new float[8];
        float[] y = new float[8];
        double worstUlps = 0;
        for (int i = 0; i < 200_000; i++) {
            float v = -87f + 175f * i / 200_000f;
            x[i % 8] = v;
            if (i % 8 == 7) {
                VectorMath.exp(FloatVector.fromArray(VectorMath.F, x, 0)).intoArray(y, 0);
                for (int l = 0; l < 8; l++) {
                    assertThat(y[l]).as("exp(%s)", x[l]).isEqualTo(VectorMath.exp(x[l]));
                    double exact = Math.exp(x[l]);
                    worstUlps = Math.max(worstUlps, Math.abs(y[l] - exact) / Math.ulp((float) exact));
                }
            }
        }
        assertThat(worstUlps).isLessThanOrEqualTo(2.0);
        assertThat(VectorMath.exp(-1000f)).isPositive().isEqualTo(VectorMath.exp(-87f));
        assertThat(VectorMath.exp(1000f)).isFinite();
        assertThat(VectorMath.exp(0f)).isEqualTo(1f);
    }

    @Test
    void expShiftedSumsAndWrites() {
        float[] a = {0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f};
        float sum = VectorMath.expShifted(a, 1, 10, 10f);
        double want = 0;
        for (int i = 1; i <= 10; i++) {
            want += Math.exp(i - 10.0);
            assertThat((double) a[i]).isCloseTo(Math.exp(i - 10.0), org.assertj.core.api.Assertions.within(1e-6));
        }
        assertThat(a[0]).isZero();
        assertThat((double) sum).isCloseTo(want, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(VectorMath.max(a, 0, 11)).isEqualTo(1f);
    }

    @Test
    void dotSumsInAFixedEightLaneOrder() {
        java.util.Random rnd = new java.util.Random(7);
        for (int n : new int[] {0, 1, 7, 8, 9, 63, 64, 257}) {
            float[] a = new float[n + 3];
            float[] b = new float[n + 5];
            for (int i = 0; i < a.length; i++) a[i] = (float) rnd.nextGaussian() * 1e3f;
            for (int i = 0; i < b.length; i++) b[i] = (float) rnd.nextGaussian();
            // The same order written out in scalars: lane l accumulates a·b at l, l+8, … by fma.
            float[] lanes = new float[8];
            int bound = n - n % 8;
            for (int i = 0; i < bound; i++) {
                lanes[i % 8] = Math.fma(a[3 + i], b[5 + i], lanes[i % 8]);
            }
            for (int half = 4; half >= 1; half /= 2) {
                for (int l = 0; l < half; l++) lanes[l] += lanes[l + half];
            }
            float want = lanes[0];
            double exact = 0;
            for (int i = 0; i < n; i++) {
                if (i >= bound) want += a[3 + i] * b[5 + i];
                exact += (double) a[3 + i] * b[5 + i];
            }
            assertThat(VectorMath.dot(a, 3, b, 5, n)).as("n=%d", n).isEqualTo(want);
            assertThat((double) want).isCloseTo(exact, org.assertj.core.api.Assertions.within(1e-2 * Math.sqrt(n + 1)));
        }
    }
}
