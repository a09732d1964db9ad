package org.pollux.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class QuantizerTest {
    private static float[] randomValues(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * (1 + (i / 32) % 5));
        }
        return x;
    }

    private static float[] roundTrip(DType t, float[] x, Arena arena) {
        MemorySegment whole = arena.allocate(3 + t.bytesFor(x.length));
        MemorySegment seg = whole.asSlice(3); // odd offset
        Quantizer.quantize(t, x, 0, x.length, seg, 0);
        float[] back = new float[x.length];
        ScalarKernels.dequantize(t, seg, 0, back, 0, x.length);
        return back;
    }

    @org.junit.jupiter.api.Test
    void q8_0BlockBytesAreAsWorkedOutByHand() {
        float[] x = new float[32];
        x[0] = -127f; // amax 127 → d = 1 exactly, id = 1
        x[1] = 2.5f; // halfway: away from zero → 3
        x[2] = -2.5f; // → -3
        x[3] = 0.49f; // → 0
        x[4] = 100.6f; // → 101
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(34);
            Quantizer.quantize(DType.Q8_0, x, 0, 32, s, 0);
            assertThat(Float.float16ToFloat(s.get(ScalarKernels.I16, 0))).isEqualTo(1f);
            byte[] q = new byte[5];
            MemorySegment.copy(s, ValueLayout.JAVA_BYTE, 2, q, 0, 5);
            assertThat(q).containsExactly(-127, 3, -3, 0, 101);
        }
    }

    @org.junit.jupiter.api.Test
    void q4_0MapsTheSignedExtremeToMinusEight() {
        float[] x = new float[32];
        x[0] = -4f; // largest magnitude, negative: d = -4 / -8 = 0.5, id = 2
        x[1] = 1f; // 1*2 + 8.5 = 10.5 → 10
        x[16] = 3.9f; // 7.8 + 8.5 = 16.3 → 16 → clamped 15
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(18);
            Quantizer.quantize(DType.Q4_0, x, 0, 32, s, 0);
            assertThat(Float.float16ToFloat(s.get(ScalarKernels.I16, 0))).isEqualTo(0.5f);
            assertThat(s.get(ValueLayout.JAVA_BYTE, 2) & 0xFF).isEqualTo(0 | (15 << 4));
            assertThat(s.get(ValueLayout.JAVA_BYTE, 3) & 0xFF).isEqualTo(10 | (8 << 4));
        }
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"Q8_0", "Q4_0", "Q4_K"})
    void roundTripErrorIsBoundedByTheBlockScale(DType t) {
        float[] x = randomValues(4096, t.ordinal());
        try (Arena a = Arena.ofConfined()) {
            float[] back = roundTrip(t, x, a);
            int bs = 32;
            for (int b = 0; b < x.length / bs; b++) {
                float amax = 0;
                float lo = Float.POSITIVE_INFINITY;
                float hi = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < bs; j++) {
                    amax = Math.max(amax, Math.abs(x[b * bs + j]));
                    lo = Math.min(lo, x[b * bs + j]);
                    hi = Math.max(hi, x[b * bs + j]);
                }
                // Step size: Q8_0 amax/127; Q4_0 amax/8; Q4_K the sub-block range/15 plus 6-bit scale rounding.
                double step = switch (t) {
                    case Q8_0 -> amax / 127.0;
                    case Q4_0 -> amax / 8.0;
                    default -> (hi - Math.min(lo, 0)) / 15.0;
                };
                double bound = switch (t) {
                    case Q8_0 -> step * 0.5 + 1e-3 * amax; // f16 rounding of d adds a little
                    case Q4_0 -> step; // truncation after +8.5 and the clamp at 15
                    default -> step * 1.5 + 0.05 * amax; // 6-bit quantized scale and offset
                };
                for (int j = 0; j < bs; j++) {
                    assertThat((double) Math.abs(back[b * bs + j] - x[b * bs + j])).as("%s block %d", t, b)
                            .isLessThanOrEqualTo(bound);
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void halfFormatsRoundToNearestEven() {
        try (Arena a = Arena.ofConfined()) {
            float[] exact = {0f, -0f, 1f, -2.5f, 65504f, 6.1035156e-5f};
            assertThat(roundTrip(DType.F16, exact, a)).containsExactly(exact);
            // 1 + 2^-11 is halfway between two halves: ties to even (1.0).
            assertThat(roundTrip(DType.F16, new float[] {1f + 0x1p-11f}, a)[0]).isEqualTo(1f);
            // BF16: 1 + 2^-8 is halfway: ties to even (1.0); 1 + 3·2^-8 ties up to 1 + 2^-6.
            assertThat(roundTrip(DType.BF16, new float[] {1f + 0x1p-8f}, a)[0]).isEqualTo(1f);
            assertThat(roundTrip(DType.BF16, new float[] {1f + 3 * 0x1p-8f}, a)[0]).isEqualTo(1f + 0x1p-6f);
            assertThat(roundTrip(DType.BF16, new float[] {Float.NaN}, a)[0]).isNaN();
        }
    }

    @org.junit.jupiter.api.Test
    void zeroBlocksStayZero() {
        try (Arena a = Arena.ofConfined()) {
            for (DType t : new DType[] {DType.Q8_0, DType.Q4_0, DType.Q4_K}) {
                for (float v : roundTrip(t, new float[256], a)) {
                    assertThat(v == 0f).as("%s decodes zeros to ±0", t).isTrue();
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void badArgumentsAreNamed() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(1024);
            assertThatThrownBy(() -> Quantizer.quantize(DType.Q4_K, new float[100], 0, 100, s, 0))
                    .hasMessageContaining("Q4_K needs a multiple of 256");
            assertThatThrownBy(() -> Quantizer.quantize(DType.Q6_K, new float[256], 0, 256, s, 0))
                    .hasMessageContaining("cannot quantize to Q6_K");
        }
    }
}
