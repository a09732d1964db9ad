package org.pollux.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Vectorized activation ops against their scalar twins over lengths that are not lane multiples. */
class FloatOpsTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 17, 63, 1153})
    void matchTwins(int n) {
        SplittableRandom r = new SplittableRandom(n);
        float[] a = new float[n + 3];
        float[] b = new float[n + 3];
        float[] w = new float[n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
            b[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            w[i] = (float) r.nextDouble();
        }
        assertThat(FloatOps.dot(a, 3, b, 1, n)).isCloseTo(FloatOpsScalar.dot(a, 3, b, 1, n), Offset.offset(1e-4f * n));
        float[] y1 = b.clone();
        float[] y2 = b.clone();
        FloatOps.axpy(0.7f, a, 2, y1, 1, n);
        FloatOpsScalar.axpy(0.7f, a, 2, y2, 1, n);
        // The vector form fuses multiply and add (one rounding), so allow the last bit.
        for (int i = 0; i < y1.length; i++) {
            assertThat(y1[i]).isCloseTo(y2[i], Offset.offset(1e-6f * (1 + Math.abs(y2[i]))));
        }
        float[] o1 = new float[n];
        float[] o2 = new float[n];
        FloatOps.rmsnorm(o1, 0, a, 3, w, n, 1e-6f);
        FloatOpsScalar.rmsnorm(o2, 0, a, 3, w, n, 1e-6f);
        for (int i = 0; i < n; i++) {
            assertThat(o1[i]).isCloseTo(o2[i], Offset.offset(1e-5f));
        }
        float[] s = java.util.Arrays.copyOf(a, n);
        FloatOps.softmax(s, 0, n);
        double sum = 0;
        for (float v : s) {
            sum += v;
        }
        assertThat(sum).isCloseTo(1.0, Offset.offset(1e-5));
    }

    @org.junit.jupiter.api.Test
    void lanesAreSummedInOneFixedOrderAtEveryWidth() {
        SplittableRandom r = new SplittableRandom(8);
        for (jdk.incubator.vector.VectorSpecies<Float> sp : java.util.List.of(jdk.incubator.vector.FloatVector.SPECIES_128,
                jdk.incubator.vector.FloatVector.SPECIES_256, jdk.incubator.vector.FloatVector.SPECIES_512)) {
            for (int k = 0; k < 200; k++) {
                float[] lanes = new float[sp.length()];
                for (int i = 0; i < lanes.length; i++) {
                    lanes[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(8) - 4));
                }
                float got = FloatOps.sumLanes(jdk.incubator.vector.FloatVector.fromArray(sp, lanes, 0));
                assertThat(Float.floatToIntBits(got)).isEqualTo(Float.floatToIntBits(FloatOpsScalar.sumLanes(lanes)));
            }
        }
    }

    @org.junit.jupiter.api.Test
    void geluTableMatchesExactWithinHalfPrecision() {
        for (float z = -12f; z <= 12f; z += 0.01f) {
            float exact = FloatOps.geluTanh(z);
            assertThat(FloatOps.geluTanhF16(z)).isCloseTo(exact, Offset.offset(2e-3f * Math.max(1f, Math.abs(exact))));
        }
    }
}
