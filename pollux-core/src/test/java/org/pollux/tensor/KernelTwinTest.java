package org.pollux.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every vector kernel against its scalar twin: several vector widths, odd block counts, and data
 * at an odd byte offset (a slice starting at byte 3), on random blocks with sane scales.
 */
public class KernelTwinTest {
    static final DType[] TYPES = {DType.F32, DType.F16, DType.BF16, DType.Q8_0, DType.Q4_0, DType.Q4_1,
        DType.Q4_K, DType.Q5_K, DType.Q6_K};
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (DType t : TYPES) {
            for (VectorSpecies<Float> s : new VectorSpecies[] {FloatVector.SPECIES_128, FloatVector.SPECIES_256,
                FloatVector.SPECIES_PREFERRED}) {
                b.add(Arguments.of(t, s));
            }
        }
        return b.build();
    }

    /** Random blocks whose scale fields hold small, finite halves. */
    public static MemorySegment randomBlocks(Arena arena, DType t, int blocks, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        MemorySegment whole = arena.allocate(3 + (long) blocks * t.blockBytes());
        MemorySegment s = whole.asSlice(3);
        for (long i = 0; i < s.byteSize(); i++) {
            s.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt(256));
        }
        for (int b = 0; b < blocks * t.blockSize() / Math.max(1, t.blockSize()); b++) {
            long p = (long) b * t.blockBytes();
            switch (t) {
                case F16 -> s.set(I16, p, Float.floatToFloat16((float) r.nextGaussian()));
                case BF16 -> s.set(I16, p, (short) (Float.floatToIntBits((float) r.nextGaussian()) >>> 16));
                case F32 -> s.set(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), p,
                        (float) r.nextGaussian());
                case Q8_0, Q4_0 -> s.set(I16, p, Float.floatToFloat16(0.01f + r.nextFloat() * 0.1f));
                case Q4_1, Q4_K, Q5_K -> {
                    s.set(I16, p, Float.floatToFloat16(0.01f + r.nextFloat() * 0.1f));
                    s.set(I16, p + 2, Float.floatToFloat16(r.nextFloat() * 0.1f));
                }
                case Q6_K -> s.set(I16, p + 208, Float.floatToFloat16(0.001f + r.nextFloat() * 0.01f));
                default -> throw new IllegalArgumentException(t.toString());
            }
        }
        return s;
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("cases")
    void vectorKernelMatchesScalarTwin(DType t, VectorSpecies<Float> species) {
        int blocks = t.blockSize() == 1 ? 37 : (t.blockSize() == 32 ? 7 : 3); // odd counts
        int n = blocks * t.blockSize();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = randomBlocks(arena, t, blocks, 11 + t.ordinal());
            WeightKernel k = VectorKernels.of(t, species);
            float[] want = new float[n];
            ScalarKernels.dequantize(t, s, 0, want, 0, n);
            float[] got = new float[n + 5];
            k.dequantize(s, 0, got, 5, n);
            for (int i = 0; i < n; i++) {
                assertThat(got[5 + i]).as("%s element %d", t, i).isEqualTo(want[i]);
            }
            float[] x = new SplittableRandom(5).doubles(n + 2).map(d -> d * 2 - 1).collect(() -> new float[1][n + 2],
                    (a, d) -> { }, (a, b2) -> { })[0];
            SplittableRandom r = new SplittableRandom(6);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextDouble() * 2 - 1);
            }
            double ref = ScalarKernels.dot(t, s, 0, x, 2, n);
            double scale = 0;
            for (int i = 0; i < n; i++) {
                scale += Math.abs(want[i] * x[2 + i]);
            }
            assertThat((double) k.dot(s, 0, x, 2, n)).isCloseTo(ref, org.assertj.core.data.Offset.offset(1e-5 * scale + 1e-7));
        }
    }
}
