package org.pollux.train.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** exp: vector lanes equal the scalar twin bit for bit, and both are within 2 ulp of Math.exp. */
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
}
