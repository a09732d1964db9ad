package org.pollux.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Encodes floats as F32, F16, BF16, Q8_0, Q4_0 or Q4_K blocks (layouts: SPEC-gemma §4.5).
 *
 * <ul>
 *   <li>Q8_0 and Q4_0 follow ggml's reference quantizers, so files match what llama-quantize writes
 *       from the same floats: Q8_0 scale amax/127 with round-half-away-from-zero; Q4_0 scale
 *       max/−8 where max is the signed value of largest magnitude (so the extreme maps exactly to
 *       −8), values truncated after +8.5 and clamped to 15.
 *   <li>Q4_K uses a simpler search than ggml's iterative make_qkx2_quants: each 32-value sub-block
 *       takes scale (max − min)/15 and offset −min (min clamped to ≤ 0), the eight scales and offsets
 *       are quantized to 6 bits against the super-block's largest, and values are rounded against the
 *       quantized scale and offset. It costs a little accuracy (bounded in the tests) for
 *       simplicity.
 *   <li>F16 and BF16 round to nearest even; BF16 keeps NaNs quiet.
 * </ul>
 */
public final class Quantizer {
    private Quantizer() {}

    public static boolean supports(DType target) {
        return switch (target) {
            case F32, F16, BF16, Q8_0, Q4_0, Q4_K -> true;
            default -> false;
        };
    }

    /** Encodes src[srcOff .. srcOff+n) as {@code target} into dst at byte offset dstOff. */
    public static void quantize(DType target, float[] src, int srcOff, int n, MemorySegment dst, long dstOff) {
        if (!supports(target)) {
            throw new IllegalArgumentException("cannot quantize to " + target + " (supported: F32, F16, BF16, Q8_0, Q4_0, Q4_K)");
        }
        if (n % target.blockSize() != 0) {
            throw new IllegalArgumentException(target + " needs a multiple of " + target.blockSize()
                    + " values (its block size), got " + n);
        }
        byte[] block = new byte[target.blockBytes() * (target.blockSize() == 1 ? Math.min(n, 4096) : 1)];
        switch (target) {
            case F32 -> MemorySegment.copy(src, srcOff, dst, ScalarKernels.F32, dstOff, n);
            case F16, BF16 -> {
                for (int i = 0; i < n; i++) {
                    short h = target == DType.F16 ? Float.floatToFloat16(src[srcOff + i]) : toBf16(src[srcOff + i]);
                    dst.set(ScalarKernels.I16, dstOff + 2L * i, h);
                }
            }
            default -> {
                int bs = target.blockSize();
                for (int b = 0; b < n / bs; b++) {
                    int o = srcOff + b * bs;
                    switch (target) {
                        case Q8_0 -> q8_0(src, o, block);
                        case Q4_0 -> q4_0(src, o, block);
                        default -> q4_k(src, o, block);
                    }
                    MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, dstOff + (long) b * target.blockBytes(),
                            target.blockBytes());
                }
            }
        }
    }

    /** Round to nearest even on the top 16 bits; NaN stays a quiet NaN. */
    static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    /** C's roundf: halfway cases away from zero. */
    private static int roundAway(float v) {
        return v >= 0 ? (int) (v + 0.5f) : -(int) (-v + 0.5f);
    }

    private static void putHalf(byte[] b, int at, float v) {
        short h = Float.floatToFloat16(v);
        b[at] = (byte) h;
        b[at + 1] = (byte) (h >>> 8);
    }

    private static void q8_0(float[] x, int o, byte[] out) {
        float amax = 0;
        for (int j = 0; j < 32; j++) {
            amax = Math.max(amax, Math.abs(x[o + j]));
        }
        float d = amax / 127;
        float id = d != 0 ? 1 / d : 0;
        putHalf(out, 0, d);
        for (int j = 0; j < 32; j++) {
            out[2 + j] = (byte) roundAway(x[o + j] * id);
        }
    }

    private static void q4_0(float[] x, int o, byte[] out) {
        float amax = 0;
        float max = 0;
        for (int j = 0; j < 32; j++) {
            float v = x[o + j];
            if (Math.abs(v) > amax) {
                amax = Math.abs(v);
                max = v;
            }
        }
        float d = max / -8;
        float id = d != 0 ? 1 / d : 0;
        putHalf(out, 0, d);
        for (int j = 0; j < 16; j++) {
            int lo = Math.min(15, (int) (byte) (int) (x[o + j] * id + 8.5f));
            int hi = Math.min(15, (int) (byte) (int) (x[o + 16 + j] * id + 8.5f));
            out[2 + j] = (byte) (lo | (hi << 4));
        }
    }

    private static void q4_k(float[] x, int o, byte[] out) {
        float[] scale = new float[8];
        float[] offset = new float[8];
        float maxScale = 0;
        float maxOffset = 0;
        for (int s = 0; s < 8; s++) {
            float mn = Float.POSITIVE_INFINITY;
            float mx = Float.NEGATIVE_INFINITY;
            for (int l = 0; l < 32; l++) {
                float v = x[o + 32 * s + l];
                mn = Math.min(mn, v);
                mx = Math.max(mx, v);
            }
            mn = Math.min(mn, 0);
            scale[s] = (mx - mn) / 15;
            offset[s] = -mn;
            maxScale = Math.max(maxScale, scale[s]);
            maxOffset = Math.max(maxOffset, offset[s]);
        }
        float d = maxScale / 63;
        float dmin = maxOffset / 63;
        // Use the f16-rounded super-scales, as the decoder will.
        float dq = Float.float16ToFloat(Float.floatToFloat16(d));
        float dminq = Float.float16ToFloat(Float.floatToFloat16(dmin));
        int[] sc = new int[8];
        int[] mn = new int[8];
        for (int s = 0; s < 8; s++) {
            sc[s] = dq > 0 ? Math.min(63, Math.round(scale[s] / dq)) : 0;
            mn[s] = dminq > 0 ? Math.min(63, Math.round(offset[s] / dminq)) : 0;
        }
        putHalf(out, 0, d);
        putHalf(out, 2, dmin);
        for (int j = 0; j < 4; j++) {
            out[4 + j] = (byte) (sc[j] | ((sc[j + 4] >>> 4) << 6));
            out[4 + j + 4] = (byte) (mn[j] | ((mn[j + 4] >>> 4) << 6));
            out[4 + j + 8] = (byte) ((sc[j + 4] & 0xF) | ((mn[j + 4] & 0xF) << 4));
        }
        int[] q = new int[256];
        for (int s = 0; s < 8; s++) {
            float ds = dq * sc[s];
            float dm = dminq * mn[s];
            for (int l = 0; l < 32; l++) {
                int v = ds > 0 ? Math.round((x[o + 32 * s + l] + dm) / ds) : 0;
                q[32 * s + l] = Math.max(0, Math.min(15, v));
            }
        }
        for (int c = 0; c < 4; c++) {
            for (int l = 0; l < 32; l++) {
                out[16 + 32 * c + l] = (byte) (q[64 * c + l] | (q[64 * c + 32 + l] << 4));
            }
        }
    }
}
