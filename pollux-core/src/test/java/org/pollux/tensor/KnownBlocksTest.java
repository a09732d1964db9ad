package org.pollux.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * Blocks built byte by byte from the ggml layouts with values worked out by hand, so that a
 * layout mistake shared by the scalar and vector kernels cannot go unnoticed.
 */
class KnownBlocksTest {
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static float[] both(DType t, MemorySegment s) {
        float[] scalar = new float[t.blockSize()];
        ScalarKernels.dequantize(t, s, 0, scalar, 0, scalar.length);
        float[] vector = new float[t.blockSize()];
        VectorKernels.of(t).dequantize(s, 0, vector, 0, vector.length);
        assertThat(vector).containsExactly(scalar);
        return scalar;
    }

    @Test
    void q8_0IsScaleTimesSignedBytes() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(34);
            s.set(I16, 0, Float.floatToFloat16(0.5f));
            for (int j = 0; j < 32; j++) {
                s.set(ValueLayout.JAVA_BYTE, 2 + j, (byte) (j - 16));
            }
            float[] v = both(DType.Q8_0, s);
            assertThat(v[0]).isEqualTo(-8f);
            assertThat(v[31]).isEqualTo(7.5f);
        }
    }

    @Test
    void q4_0LowNibblesFirstHalfHighNibblesSecondHalf() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(18);
            s.set(I16, 0, Float.floatToFloat16(2f));
            s.set(ValueLayout.JAVA_BYTE, 2, (byte) 0xF0); // element 0 = (0-8)*2 = -16, element 16 = (15-8)*2 = 14
            s.set(ValueLayout.JAVA_BYTE, 3, (byte) 0x9A); // element 1 = (10-8)*2 = 4, element 17 = (9-8)*2 = 2
            float[] v = both(DType.Q4_0, s);
            assertThat(v[0]).isEqualTo(-16f);
            assertThat(v[16]).isEqualTo(14f);
            assertThat(v[1]).isEqualTo(4f);
            assertThat(v[17]).isEqualTo(2f);
            assertThat(v[2]).isEqualTo(-16f); // zero byte: (0-8)*2
        }
    }

    @Test
    void q4_1AddsTheMin() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(20);
            s.set(I16, 0, Float.floatToFloat16(0.5f));
            s.set(I16, 2, Float.floatToFloat16(-1f));
            s.set(ValueLayout.JAVA_BYTE, 4, (byte) 0x3C); // element 0 = 12*0.5-1 = 5, element 16 = 3*0.5-1 = 0.5
            float[] v = both(DType.Q4_1, s);
            assertThat(v[0]).isEqualTo(5f);
            assertThat(v[16]).isEqualTo(0.5f);
            assertThat(v[1]).isEqualTo(-1f);
        }
    }

    @Test
    void q4_kUsesSixBitScalesAndMins() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(144);
            s.set(I16, 0, Float.floatToFloat16(1f)); // d
            s.set(I16, 2, Float.floatToFloat16(0.5f)); // dmin
            // sub-block 0: scale = q[0] & 63 = 3, min = q[4] & 63 = 2
            s.set(ValueLayout.JAVA_BYTE, 4, (byte) 3);
            s.set(ValueLayout.JAVA_BYTE, 8, (byte) 2);
            // sub-block 4: scale = (q[8] & 15) | (q[0] >> 6) << 4, min = (q[8] >> 4) | (q[4] >> 6) << 4
            s.set(ValueLayout.JAVA_BYTE, 4, (byte) (3 | 0x40)); // scale 0 stays 3, adds 16 to sub-block 4's scale
            s.set(ValueLayout.JAVA_BYTE, 12, (byte) 0x21); // sub-block 4: scale 1 + 16 = 17, min 2
            s.set(ValueLayout.JAVA_BYTE, 16, (byte) 0x75); // element 0: nibble 5; element 32: nibble 7
            s.set(ValueLayout.JAVA_BYTE, 16 + 64, (byte) 0x02); // chunk 2 (sub-block 4), element 128: nibble 2
            float[] v = both(DType.Q4_K, s);
            assertThat(v[0]).isEqualTo(3 * 5 - 0.5f * 2);
            assertThat(v[128]).isEqualTo(17 * 2 - 0.5f * 2);
            // sub-block 1 has scale q[1] & 63 = 0 and min q[5] & 63 = 0 → element 32 is 0
            assertThat(v[32]).isEqualTo(0f);
        }
    }

    @Test
    void q5_kTakesTheFifthBitFromQh() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(176);
            s.set(I16, 0, Float.floatToFloat16(1f));
            s.set(I16, 2, Float.floatToFloat16(0f));
            s.set(ValueLayout.JAVA_BYTE, 4, (byte) 1); // sub-block 0 scale 1
            s.set(ValueLayout.JAVA_BYTE, 5, (byte) 2); // sub-block 1 scale 2
            s.set(ValueLayout.JAVA_BYTE, 16, (byte) 0b11); // qh[0]: bit 0 → +16 for element 0, bit 1 → +16 for element 32
            s.set(ValueLayout.JAVA_BYTE, 48, (byte) 0x43); // qs[0]: element 0 nibble 3, element 32 nibble 4
            float[] v = both(DType.Q5_K, s);
            assertThat(v[0]).isEqualTo(19f);
            assertThat(v[32]).isEqualTo(2 * 20f);
        }
    }

    @Test
    void q6_kCombinesLowAndHighBitsMinus32() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(210);
            s.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x21); // ql[0]: element 0 low 1, element 64 low 2
            s.set(ValueLayout.JAVA_BYTE, 128, (byte) 0b10_00_00_11); // qh[0]: element 0 high 3, element 96 high 2
            s.set(ValueLayout.JAVA_BYTE, 192, (byte) 2); // scale of elements 0..15
            s.set(ValueLayout.JAVA_BYTE, 192 + 4, (byte) -1); // scale of elements 64..79
            s.set(ValueLayout.JAVA_BYTE, 192 + 6, (byte) 1); // scale of elements 96..111
            s.set(I16, 208, Float.floatToFloat16(0.5f));
            float[] v = both(DType.Q6_K, s);
            assertThat(v[0]).isEqualTo(0.5f * 2 * ((1 | 3 << 4) - 32));
            assertThat(v[64]).isEqualTo(0.5f * -1 * (2 - 32));
            assertThat(v[96]).isEqualTo(0.5f * 1 * ((2 << 4) - 32));
        }
    }

    @Test
    void f16CoversSubnormalsInfinityAndNaN() {
        try (Arena a = Arena.ofConfined()) {
            short[] halves = {0x0001, (short) 0x8001, 0x03FF, 0x7C00, (short) 0xFC00, 0x7E00, 0x3C00, (short) 0xC000,
                0x7BFF, 0, (short) 0x8000, 0x0400, 0x3555, 0x2E66, 0x1234, 0x4321};
            MemorySegment s = a.allocate(2L * halves.length);
            for (int i = 0; i < halves.length; i++) {
                s.set(I16, 2L * i, halves[i]);
            }
            float[] v = new float[halves.length];
            VectorKernels.of(DType.F16).dequantize(s, 0, v, 0, v.length);
            for (int i = 0; i < halves.length; i++) {
                assertThat(Float.floatToIntBits(v[i])).as("half 0x%04x", halves[i] & 0xFFFF)
                        .isEqualTo(Float.floatToIntBits(Float.float16ToFloat(halves[i])));
            }
        }
    }
}
