package org.pollux.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tests of {@link Quantizer}: exact bytes of hand-computed blocks, round trips through the reference
 * dequantizer {@link ScalarKernels#dequantize} with derived error bounds, exhaustive F16/BF16
 * checks, placement at odd offsets, and argument errors.
 */
class QuantizerTest {

    /** Quantizes src into a fresh segment of exactly the encoded size. */
    static MemorySegment encode(DType type, float[] src) {
        MemorySegment seg = Arena.ofAuto().allocate(type.bytesFor(src.length));
        Quantizer.quantize(type, src, 0, src.length, seg, 0);
        return seg;
    }

    static float[] decode(DType type, MemorySegment seg, int n) {
        float[] out = new float[n];
        ScalarKernels.dequantize(type, seg, 0, out, 0, n);
        return out;
    }

    static int u8(MemorySegment seg, long off) {
        return seg.get(ValueLayout.JAVA_BYTE, off) & 0xFF;
    }

    static int[] bytes(MemorySegment seg) {
        int[] b = new int[(int) seg.byteSize()];
        for (int i = 0; i < b.length; i++) {
            b[i] = u8(seg, i);
        }
        return b;
    }

    static float halfAt(MemorySegment seg, long off) {
        return Float.float16ToFloat((short) (u8(seg, off) | (u8(seg, off + 1) << 8)));
    }

    /** Gaussian values whose scale varies per 32-block over six orders of magnitude, some blocks offset. */
    static float[] realisticValues(int n, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[n];
        for (int b = 0; b < n / 32; b++) {
            float scale = (float) Math.pow(10, rnd.nextInt(7) - 4);
            float shift = rnd.nextInt(4) == 0 ? scale * (float) rnd.nextGaussian() : 0f;
            for (int j = 0; j < 32; j++) {
                x[32 * b + j] = shift + scale * (float) rnd.nextGaussian();
            }
        }
        return x;
    }

    @Nested
    class ByteLayout {
        @Test
        void q80HandComputedBlockRoundsHalfwayAwayFromZero() {
            // amax = 254 -> d = 2 exactly (half 0x4000), id = 0.5; roundf sends ±2.5 away from zero.
            float[] x = new float[32];
            x[0] = -254f; // -127
            x[1] = 3f; // 1.5 -> 2
            x[2] = -5f; // -2.5 -> -3
            x[3] = 1f; // 0.5 -> 1
            x[4] = 0.9f; // 0.45 -> 0
            x[5] = -1f; // -0.5 -> -1
            x[6] = 253f; // 126.5 -> 127
            int[] expected = new int[34];
            expected[0] = 0x00;
            expected[1] = 0x40;
            expected[2] = 0x81;
            expected[3] = 0x02;
            expected[4] = 0xFD;
            expected[5] = 0x01;
            expected[6] = 0x00;
            expected[7] = 0xFF;
            expected[8] = 0x7F;
            assertThat(bytes(encode(DType.Q8_0, x))).containsExactly(expected);
        }

        @Test
        void q40HandComputedBlockUsesSignedMaxAndClampsTheOppositeExtreme() {
            // |-8| = |8|: the first one wins (strictly greater test), so max = -8, d = 1 (half 0x3C00), id = 1,
            // code = min(15, trunc(x + 8.5)).
            float[] x = new float[32];
            java.util.Arrays.fill(x, 0f); // code 8
            x[0] = -8f; // 0.5 -> 0
            x[1] = 7f; // 15.5 -> 15
            x[2] = 7.6f; // 16.1 -> 16 -> clamped 15
            x[3] = 0.5f; // 9.0 -> 9 (half rounds up)
            x[4] = -0.5f; // 8.0 -> 8 (half rounds up)
            x[5] = -2.5f; // 6.0 -> 6
            x[6] = 2.4f; // 10.9 -> 10
            x[16] = 8f; // 16.5 -> 16 -> clamped 15: -max does not fit
            x[17] = -7.6f; // 0.9 -> 0
            x[18] = 1.5f; // 10.0 -> 10
            int[] expected = new int[18];
            expected[0] = 0x00;
            expected[1] = 0x3C;
            // byte j = code[j] | code[j + 16] << 4
            int[] packed = {0xF0, 0x0F, 0xAF, 0x89, 0x88, 0x86, 0x8A};
            for (int j = 0; j < 16; j++) {
                expected[2 + j] = j < packed.length ? packed[j] : 0x88;
            }
            assertThat(bytes(encode(DType.Q4_0, x))).containsExactly(expected);
        }

        @Test
        void q40PositiveMaxGivesNegativeScale() {
            // max = 16 -> d = -2 (half 0xC000), id = -0.5.
            float[] x = new float[32];
            x[0] = 16f; // -8 + 8.5 -> 0
            x[1] = -16f; // 8 + 8.5 -> 16 -> 15
            x[2] = 3f; // -1.5 + 8.5 -> 7
            x[16] = -3f; // 1.5 + 8.5 -> 10
            MemorySegment seg = encode(DType.Q4_0, x);
            assertThat(u8(seg, 0)).isEqualTo(0x00);
            assertThat(u8(seg, 1)).isEqualTo(0xC0);
            assertThat(u8(seg, 2)).isEqualTo(0xA0); // codes 0 | 10 << 4
            assertThat(u8(seg, 3)).isEqualTo(0x8F); // codes 15 | 8 << 4
            assertThat(u8(seg, 4)).isEqualTo(0x87); // codes 7 | 8 << 4
        }

        @Test
        void zeroBlocksEncodeAsGgmlDoes() {
            float[] zeros = new float[256];
            assertThat(bytes(encode(DType.Q8_0, new float[32]))).containsOnly(0);
            assertThat(bytes(encode(DType.Q4_K, zeros))).containsOnly(0);
            assertThat(bytes(encode(DType.F32, new float[4]))).containsOnly(0);
            assertThat(bytes(encode(DType.F16, new float[4]))).containsOnly(0);
            assertThat(bytes(encode(DType.BF16, new float[4]))).containsOnly(0);
            // Q4_0: d = 0 / -8 = -0.0 (half 0x8000), every code 8 — ggml's bytes exactly.
            int[] q40 = bytes(encode(DType.Q4_0, new float[32]));
            assertThat(q40[0]).isEqualTo(0x00);
            assertThat(q40[1]).isEqualTo(0x80);
            for (int j = 2; j < 18; j++) {
                assertThat(q40[j]).isEqualTo(0x88);
            }
            for (DType t : new DType[] {DType.Q8_0, DType.Q4_0, DType.Q4_K}) {
                for (float v : decode(t, encode(t, zeros), 256)) {
                    assertThat(Math.abs(v)).isEqualTo(0f);
                }
            }
        }

        @Test
        void q4kPacksSixBitScaleAndMinOfUpperSubBlocks() {
            // Sub-block 5 has the widest span (largest scale -> 63); sub-block 6 the lowest value
            // (largest min -> 63). Both live in the split 4+2-bit encoding of sub-blocks 4..7.
            float[] x = new float[256];
            for (int j = 0; j < 8; j++) {
                for (int i = 0; i < 32; i++) {
                    float t = i / 31f;
                    x[32 * j + i] = switch (j) {
                        case 5 -> -1f + 9f * t;
                        case 6 -> -4f + 2f * t;
                        default -> -0.5f + (j + 1) * 0.3f * t;
                    };
                }
            }
            MemorySegment seg = encode(DType.Q4_K, x);
            assertThat(ScalarKernels.scaleMin(seg, 4, 5)[0]).isEqualTo(63);
            assertThat(ScalarKernels.scaleMin(seg, 4, 6)[1]).isEqualTo(63);
            for (int j = 0; j < 8; j++) {
                assertThat(ScalarKernels.scaleMin(seg, 4, j)[0]).as("scale of sub-block %d", j).isPositive();
            }
            // d = max scale / 63 with max scale about 9/15, dmin = max min / 63 with max min about 4.
            assertThat(halfAt(seg, 0)).isCloseTo(9f / 15 / 63, org.assertj.core.data.Percentage.withPercentage(10));
            assertThat(halfAt(seg, 2)).isCloseTo(4f / 63, org.assertj.core.data.Percentage.withPercentage(10));
        }
    }

    @Nested
    class RoundTrip {
        @Test
        void q80ErrorIsHalfAStepPlusTheHalfRoundingOfD() {
            int n = 32 * 200;
            float[] x = realisticValues(n + 7, 1);
            MemorySegment seg = Arena.ofAuto().allocate(DType.Q8_0.bytesFor(n));
            Quantizer.quantize(DType.Q8_0, x, 7, n, seg, 0);
            float[] y = decode(DType.Q8_0, seg, n);
            for (int b = 0; b < n / 32; b++) {
                float amax = 0;
                for (int j = 0; j < 32; j++) {
                    amax = Math.max(amax, Math.abs(x[7 + 32 * b + j]));
                }
                double d = amax / 127.0;
                double dStored = halfAt(seg, 34L * b);
                // |x - q·d'| <= |x - q·d| + |q|·|d - d'| <= d/2 + 127·|d - d'| (+ f32 rounding of x·(1/d)).
                double bound = d / 2 + 127 * Math.abs(d - dStored) + amax * 1e-6;
                for (int j = 0; j < 32; j++) {
                    int i = 32 * b + j;
                    assertThat(Math.abs(x[7 + i] - (double) y[i])).as("block %d element %d", b, j).isLessThanOrEqualTo(bound);
                }
            }
        }

        /**
         * Q4_0 bound. With d = max/−8 and t = x/d ∈ [−8, 8], the code is trunc(t + 8.5) = floor(t + 0.5) + 8
         * (the argument is ≥ 0, so truncation is floor): round-half-up of t, error ≤ |d|/2 — except
         * t ∈ (7.5, 8], i.e. values of the opposite sign to max with |x| > 15/16·|max|, which clamp to
         * code 15 (7·d) with error (t − 7)·|d| ≤ |d|. The stored half d' adds |q − 8|·|d − d'| ≤ 8·|d − d'|.
         */
        @Test
        void q40ErrorIsHalfAStepExceptClampedOppositeExtremes() {
            int n = 32 * 200;
            float[] x = realisticValues(n, 2);
            // Make some blocks contain -max exactly, the worst clamped case.
            for (int b = 0; b < n / 32; b += 5) {
                x[32 * b + 31] = -x[32 * b];
                x[32 * b] *= 1.0001f;
            }
            MemorySegment seg = encode(DType.Q4_0, x);
            float[] y = decode(DType.Q4_0, seg, n);
            int clamped = 0;
            double worstClampedInSteps = 0;
            for (int b = 0; b < n / 32; b++) {
                float amax = 0;
                float max = 0;
                for (int j = 0; j < 32; j++) {
                    float v = x[32 * b + j];
                    if (Math.abs(v) > amax) {
                        amax = Math.abs(v);
                        max = v;
                    }
                }
                double d = max / -8.0;
                double dStored = halfAt(seg, 18L * b);
                for (int j = 0; j < 32; j++) {
                    int i = 32 * b + j;
                    double t = x[i] / d;
                    double err = Math.abs(x[i] - (double) y[i]);
                    double steps = t > 7.5 ? 1.0 : 0.5;
                    if (t > 7.5) {
                        clamped++;
                        worstClampedInSteps = Math.max(worstClampedInSteps, err / Math.abs(d));
                    }
                    double bound = steps * Math.abs(d) + 8 * Math.abs(d - dStored) + amax * 1e-6;
                    assertThat(err).as("block %d element %d (t = %s)", b, j, t).isLessThanOrEqualTo(bound);
                }
            }
            // The wider bound is needed: clamped elements really do exceed half a step.
            assertThat(clamped).isPositive();
            assertThat(worstClampedInSteps).isGreaterThan(0.9);
        }

        /**
         * Q4_K bound, documented: per 256-value super-block, RMS(x − x̂) ≤ 0.025 · R with
         * R = max(x) − min(min(x), 0). Why: a sub-block spans at most R in 15 steps, and uniform rounding
         * error has RMS step/√12 ≈ 0.019·R; the 6-bit scales/mins and the half-precision d/dmin add a
         * little, and the least-squares search only lowers the error. Observed ≤ 0.011·R on these data.
         */
        @Test
        void q4kRmsErrorIsWithinAFractionOfTheSuperBlockRange() {
            int n = 256 * 64;
            float[] x = realisticValues(n + 3, 3);
            MemorySegment seg = Arena.ofAuto().allocate(DType.Q4_K.bytesFor(n));
            Quantizer.quantize(DType.Q4_K, x, 3, n, seg, 0);
            float[] y = decode(DType.Q4_K, seg, n);
            for (int b = 0; b < n / 256; b++) {
                double lo = 0;
                double hi = Double.NEGATIVE_INFINITY;
                double sq = 0;
                for (int i = 0; i < 256; i++) {
                    double v = x[3 + 256 * b + i];
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                    double e = v - y[256 * b + i];
                    sq += e * e;
                }
                double rms = Math.sqrt(sq / 256);
                assertThat(rms).as("super-block %d, range %s", b, hi - lo).isLessThanOrEqualTo(0.025 * (hi - lo));
            }
        }

        /** The lane-parallel grid search must pick exactly what ggml's one-grid-at-a-time loop picks. */
        @Test
        void q4kMatchesTheSequentialReferenceByteForByte() {
            int blocks = 48;
            float[] x = realisticValues(256 * blocks, 6);
            Random rnd = new Random(6);
            for (int b = 0; b < blocks; b += 6) {
                int o = 256 * b;
                switch (b / 6 % 4) {
                    case 0 -> java.util.Arrays.fill(x, o, o + 64, 0.25f); // constant sub-blocks
                    case 1 -> { // all positive: the grid origin is clamped to 0
                        for (int i = 0; i < 256; i++) {
                            x[o + i] = Math.abs(x[o + i]) + 0.01f;
                        }
                    }
                    case 2 -> x[o + rnd.nextInt(256)] = 50f; // one outlier dominates d
                    default -> { // all negative
                        for (int i = 0; i < 256; i++) {
                            x[o + i] = -Math.abs(x[o + i]) - 1f;
                        }
                    }
                }
            }
            MemorySegment seg = encode(DType.Q4_K, x);
            for (int b = 0; b < blocks; b++) {
                byte[] expected = Q4kSequentialReference.quantize(x, 256 * b);
                assertThat(seg.asSlice(144L * b, 144).toArray(ValueLayout.JAVA_BYTE)).as("super-block %d", b).containsExactly(expected);
            }
        }

        @Test
        void q4kConstantBlocksComeBackWithinHalfPrecision() {
            for (float c : new float[] {-1f, 0.75f, 4f}) {
                float[] x = new float[256];
                java.util.Arrays.fill(x, c);
                float[] y = decode(DType.Q4_K, encode(DType.Q4_K, x), 256);
                for (float v : y) {
                    // One half-rounded d or dmin times a 6-bit factor ≤ 63: relative error ≤ 2^-11 + f32 noise.
                    assertThat((double) v).as("constant %s", c).isCloseTo(c, org.assertj.core.data.Offset.offset(Math.abs(c) * 1e-3));
                }
            }
        }

        @Test
        void q4kSubBlockOnAnExactGridIsReproduced() {
            // Values -1 + k·0.125 (k = 0..15) in every sub-block: the plain grid is exact, and
            // d = 0.125/63, dmin = 1/63 with scale/min codes 63 reproduce it up to half rounding.
            float[] x = new float[256];
            for (int i = 0; i < 256; i++) {
                x[i] = -1f + (i % 16) * 0.125f;
            }
            float[] y = decode(DType.Q4_K, encode(DType.Q4_K, x), 256);
            for (int i = 0; i < 256; i++) {
                assertThat((double) y[i]).isCloseTo(x[i], org.assertj.core.data.Offset.offset(2e-3));
            }
        }

        @Test
        void f32IsCopiedBitExactly() {
            float[] x = {1.5f, -0f, Float.NaN, Float.MIN_VALUE, Float.NEGATIVE_INFINITY, 3.14159f};
            MemorySegment seg = encode(DType.F32, x);
            float[] y = decode(DType.F32, seg, x.length);
            for (int i = 0; i < x.length; i++) {
                assertThat(Float.floatToRawIntBits(y[i])).isEqualTo(Float.floatToRawIntBits(x[i]));
            }
        }
    }

    @Nested
    class HalfTypes {
        /** Every non-NaN bit pattern of a 16-bit type, widened to f32, encodes back to the same bits. */
        @ParameterizedTest
        @EnumSource(value = DType.class, names = {"F16", "BF16"})
        void everyRepresentableValueIsExact(DType type) {
            float[] x = new float[65536];
            int count = 0;
            for (int bits = 0; bits < 65536; bits++) {
                float v = type == DType.F16 ? Float.float16ToFloat((short) bits) : Float.intBitsToFloat(bits << 16);
                if (!Float.isNaN(v)) {
                    x[count++] = v;
                }
            }
            float[] values = java.util.Arrays.copyOf(x, count);
            MemorySegment seg = encode(type, values);
            float[] y = decode(type, seg, count);
            for (int i = 0; i < count; i++) {
                assertThat(Float.floatToRawIntBits(y[i])).isEqualTo(Float.floatToRawIntBits(values[i]));
            }
        }

        @Test
        void f16RoundsHalfwayCasesToEven() {
            float ulp = 0x1p-10f;
            assertThat(f16Bits(1f + ulp / 2)).isEqualTo(0x3C00); // tie, even neighbour is 1.0
            assertThat(f16Bits(1f + 3 * ulp / 2)).isEqualTo(0x3C02); // tie, even neighbour is 1 + 2 ulp
            assertThat(f16Bits(Math.nextUp(1f + ulp / 2))).isEqualTo(0x3C01); // just above the tie
            assertThat(f16Bits(-(1f + 3 * ulp / 2))).isEqualTo(0xBC02);
            assertThat(f16Bits(65520f)).isEqualTo(0x7C00); // tie between 65504 and 2^16 -> even -> infinity
            assertThat(Float.isNaN(Float.float16ToFloat((short) f16Bits(Float.NaN)))).isTrue();
        }

        @Test
        void bf16RoundsHalfwayCasesToEvenAndKeepsNanQuiet() {
            assertThat(bf16Bits(0x3F808000)).isEqualTo(0x3F80); // tie, even neighbour 1.0
            assertThat(bf16Bits(0x3F818000)).isEqualTo(0x3F82); // tie, even neighbour above
            assertThat(bf16Bits(0x3F808001)).isEqualTo(0x3F81); // just above the tie
            assertThat(bf16Bits(0x3F807FFF)).isEqualTo(0x3F80); // just below the tie
            assertThat(bf16Bits(0xBF818000)).isEqualTo(0xBF82); // sign does not matter
            assertThat(bf16Bits(0x7F7FFFFF)).isEqualTo(0x7F80); // largest float rounds up to infinity
            assertThat(bf16Bits(0x7F800000)).isEqualTo(0x7F80); // infinity stays infinity
            // Signalling NaN with payload only in the dropped bits: plain truncation would give infinity.
            assertThat(bf16Bits(0x7F800001)).isEqualTo(0x7FC0);
            assertThat(bf16Bits(0xFF800001)).isEqualTo(0xFFC0);
            assertThat(bf16Bits(0x7FC00000)).isEqualTo(0x7FC0);
            assertThat(bf16Bits(0x7F810000)).isEqualTo(0x7FC1); // payload kept, quiet bit set
        }

        private int f16Bits(float v) {
            return halfBits(DType.F16, v);
        }

        private int bf16Bits(int f32Bits) {
            return halfBits(DType.BF16, Float.intBitsToFloat(f32Bits));
        }

        private int halfBits(DType type, float v) {
            MemorySegment seg = encode(type, new float[] {v});
            return u8(seg, 0) | (u8(seg, 1) << 8);
        }
    }

    @Nested
    class Placement {
        /** Encoding at an odd byte offset writes the same bytes as at 0, and nothing outside its range. */
        @ParameterizedTest
        @EnumSource(value = DType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K"})
        void oddOffsetWritesTheSameBytesAndNothingElse(DType type) {
            int n = 512;
            float[] x = realisticValues(n + 5, 4);
            MemorySegment reference = Arena.ofAuto().allocate(type.bytesFor(n));
            Quantizer.quantize(type, x, 5, n, reference, 0);

            long size = type.bytesFor(n);
            MemorySegment big = Arena.ofAuto().allocate(3 + size + 4);
            big.fill((byte) 0x5A);
            Quantizer.quantize(type, x, 5, n, big, 3);
            assertThat(big.asSlice(3, size).mismatch(reference)).isEqualTo(-1);
            for (long i : new long[] {0, 1, 2, 3 + size, 3 + size + 3}) {
                assertThat(u8(big, i)).as("byte %d outside the encoding", i).isEqualTo(0x5A);
            }

            MemorySegment slice = Arena.ofAuto().allocate(3 + size).asSlice(3);
            Quantizer.quantize(type, x, 5, n, slice, 0);
            assertThat(slice.mismatch(reference)).isEqualTo(-1);
        }

        @ParameterizedTest
        @EnumSource(value = DType.class, names = {"Q8_0", "Q4_0", "Q4_K"})
        void blocksAreIndependent(DType type) {
            int bs = type.blockSize();
            float[] x = realisticValues(3 * bs, 5);
            MemorySegment whole = encode(type, x);
            for (int b = 0; b < 3; b++) {
                MemorySegment one = Arena.ofAuto().allocate(type.blockBytes());
                Quantizer.quantize(type, x, b * bs, bs, one, 0);
                assertThat(whole.asSlice((long) b * type.blockBytes(), type.blockBytes()).mismatch(one)).isEqualTo(-1);
            }
        }

        @Test
        void zeroElementsWriteNothing() {
            MemorySegment seg = Arena.ofAuto().allocate(0);
            Quantizer.quantize(DType.Q4_K, new float[0], 0, 0, seg, 0);
            assertThat(seg.byteSize()).isZero();
        }
    }

    @Nested
    class Errors {
        @Test
        void supportsExactlyTheSixWritableTypes() {
            for (DType t : DType.values()) {
                boolean expected = switch (t) {
                    case F32, F16, BF16, Q8_0, Q4_0, Q4_K -> true;
                    default -> false;
                };
                assertThat(Quantizer.supports(t)).as("%s", t).isEqualTo(expected);
            }
        }

        @Test
        void partialBlockIsRejectedNamingTypeBlockSizeAndCount() {
            MemorySegment seg = Arena.ofAuto().allocate(1024);
            assertThatThrownBy(() -> Quantizer.quantize(DType.Q8_0, new float[64], 0, 33, seg, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContainingAll("Q8_0", "32", "33");
            assertThatThrownBy(() -> Quantizer.quantize(DType.Q4_K, new float[512], 0, 300, seg, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContainingAll("Q4_K", "256", "300");
        }

        @Test
        void unsupportedTargetIsRejectedByName() {
            MemorySegment seg = Arena.ofAuto().allocate(1024);
            assertThatThrownBy(() -> Quantizer.quantize(DType.Q6_K, new float[256], 0, 256, seg, 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Q6_K");
        }

        @Test
        void tooSmallDestinationOrSourceIsRejected() {
            MemorySegment small = Arena.ofAuto().allocate(33);
            assertThatThrownBy(() -> Quantizer.quantize(DType.Q8_0, new float[32], 0, 32, small, 0))
                    .isInstanceOf(IndexOutOfBoundsException.class)
                    .hasMessageContainingAll("34", "33");
            MemorySegment big = Arena.ofAuto().allocate(64);
            assertThatThrownBy(() -> Quantizer.quantize(DType.Q8_0, new float[32], 0, 32, big, 40))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> Quantizer.quantize(DType.Q8_0, new float[40], 16, 32, big, 0))
                    .isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
