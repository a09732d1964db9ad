package org.pollux.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Obviously-correct scalar dequantization of every supported type, written straight from the
 * ggml block layouts (SPEC-gemma §4.5): the reference the vector kernels are tested against.
 * Slow by design; never used on a hot path.
 */
public final class ScalarKernels {
    static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private ScalarKernels() {}

    static float half(MemorySegment s, long off) {
        return Float.float16ToFloat(s.get(I16, off));
    }

    static int u8(MemorySegment s, long off) {
        return s.get(ValueLayout.JAVA_BYTE, off) & 0xFF;
    }

    /** Writes n elements starting at byte offset {@code off} (a block boundary) into out[outOff..). */
    public static void dequantize(DType type, MemorySegment s, long off, float[] out, int outOff, int n) {
        int bs = type.blockSize();
        if (n % bs != 0) {
            throw new IllegalArgumentException(type + " needs a multiple of " + bs + " elements, got " + n);
        }
        for (int b = 0; b < n / bs; b++) {
            long p = off + (long) b * type.blockBytes();
            int o = outOff + b * bs;
            switch (type) {
                case F32 -> out[o] = s.get(F32, p);
                case F16 -> out[o] = half(s, p);
                case BF16 -> out[o] = Float.intBitsToFloat((s.get(I16, p) & 0xFFFF) << 16);
                case Q8_0 -> {
                    float d = half(s, p);
                    for (int j = 0; j < 32; j++) {
                        out[o + j] = s.get(ValueLayout.JAVA_BYTE, p + 2 + j) * d;
                    }
                }
                case Q4_0 -> {
                    float d = half(s, p);
                    for (int j = 0; j < 16; j++) {
                        int q = u8(s, p + 2 + j);
                        out[o + j] = ((q & 0xF) - 8) * d;
                        out[o + j + 16] = ((q >>> 4) - 8) * d;
                    }
                }
                case Q4_1 -> {
                    float d = half(s, p);
                    float m = half(s, p + 2);
                    for (int j = 0; j < 16; j++) {
                        int q = u8(s, p + 4 + j);
                        out[o + j] = (q & 0xF) * d + m;
                        out[o + j + 16] = (q >>> 4) * d + m;
                    }
                }
                case Q4_K -> q4k(s, p, out, o);
                case Q5_K -> q5k(s, p, out, o);
                case Q6_K -> q6k(s, p, out, o);
                default -> throw new UnsupportedOperationException("no kernel for " + type);
            }
        }
    }

    /** The 6-bit scale (index 0) and min (index 1) of sub-block j from the 12 packed bytes at q. */
    static int[] scaleMin(MemorySegment s, long q, int j) {
        if (j < 4) {
            return new int[] {u8(s, q + j) & 63, u8(s, q + j + 4) & 63};
        }
        return new int[] {(u8(s, q + j + 4) & 0xF) | ((u8(s, q + j - 4) >>> 6) << 4),
            (u8(s, q + j + 4) >>> 4) | ((u8(s, q + j) >>> 6) << 4)};
    }

    private static void q4k(MemorySegment s, long p, float[] out, int o) {
        float d = half(s, p);
        float dmin = half(s, p + 2);
        long scales = p + 4;
        long qs = p + 16;
        for (int c = 0; c < 4; c++) {
            int[] a = scaleMin(s, scales, 2 * c);
            int[] b = scaleMin(s, scales, 2 * c + 1);
            for (int l = 0; l < 32; l++) {
                int q = u8(s, qs + 32L * c + l);
                out[o + 64 * c + l] = d * a[0] * (q & 0xF) - dmin * a[1];
                out[o + 64 * c + 32 + l] = d * b[0] * (q >>> 4) - dmin * b[1];
            }
        }
    }

    private static void q5k(MemorySegment s, long p, float[] out, int o) {
        float d = half(s, p);
        float dmin = half(s, p + 2);
        long scales = p + 4;
        long qh = p + 16;
        long qs = p + 48;
        for (int c = 0; c < 4; c++) {
            int[] a = scaleMin(s, scales, 2 * c);
            int[] b = scaleMin(s, scales, 2 * c + 1);
            int lowBit = 1 << (2 * c);
            int highBit = 2 << (2 * c);
            for (int l = 0; l < 32; l++) {
                int q = u8(s, qs + 32L * c + l);
                int h = u8(s, qh + l);
                out[o + 64 * c + l] = d * a[0] * ((q & 0xF) + ((h & lowBit) != 0 ? 16 : 0)) - dmin * a[1];
                out[o + 64 * c + 32 + l] = d * b[0] * ((q >>> 4) + ((h & highBit) != 0 ? 16 : 0)) - dmin * b[1];
            }
        }
    }

    private static void q6k(MemorySegment s, long p, float[] out, int o) {
        long ql = p;
        long qh = p + 128;
        long sc = p + 192;
        float d = half(s, p + 208);
        for (int n = 0; n < 2; n++) {
            long l0 = ql + 64L * n;
            long h0 = qh + 32L * n;
            long s0 = sc + 8L * n;
            int base = o + 128 * n;
            for (int l = 0; l < 32; l++) {
                int is = l / 16;
                int h = u8(s, h0 + l);
                int q1 = ((u8(s, l0 + l) & 0xF) | ((h & 3) << 4)) - 32;
                int q2 = ((u8(s, l0 + l + 32) & 0xF) | (((h >>> 2) & 3) << 4)) - 32;
                int q3 = ((u8(s, l0 + l) >>> 4) | (((h >>> 4) & 3) << 4)) - 32;
                int q4 = ((u8(s, l0 + l + 32) >>> 4) | (((h >>> 6) & 3) << 4)) - 32;
                out[base + l] = d * s.get(ValueLayout.JAVA_BYTE, s0 + is) * q1;
                out[base + l + 32] = d * s.get(ValueLayout.JAVA_BYTE, s0 + is + 2) * q2;
                out[base + l + 64] = d * s.get(ValueLayout.JAVA_BYTE, s0 + is + 4) * q3;
                out[base + l + 96] = d * s.get(ValueLayout.JAVA_BYTE, s0 + is + 6) * q4;
            }
        }
    }

    /** Reference dot product of n elements of a row with x, accumulated in double. */
    public static double dot(DType type, MemorySegment s, long off, float[] x, int xOff, int n) {
        float[] w = new float[n];
        dequantize(type, s, off, w, 0, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += (double) w[i] * x[xOff + i];
        }
        return sum;
    }
}
