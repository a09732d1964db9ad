package org.pollux.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Encodes f32 values into the on-disk GGUF block layouts (SPEC-gemma §4.5): the writer-side inverse
 * of {@link ScalarKernels#dequantize}. Used by the converter to produce F32, F16, BF16, Q8_0, Q4_0
 * and Q4_K tensors.
 *
 * <p>Every quantizer follows the behaviour of ggml's reference ("_ref") row quantizers, so files
 * written here carry the same codes llama.cpp's {@code llama-quantize} would produce without an
 * importance matrix (up to float-contraction differences in the C build; see {@link #q4k}).
 *
 * <p>Performance: one quantize call allocates a few small scratch arrays and then runs plain loops
 * over blocks with no per-block allocation or boxing; blocks are assembled in a byte scratch and
 * copied into the segment with one bulk copy each. The Q4_K search runs its candidate grids in
 * Vector API lanes (about 10x the work per value of Q8_0). The class is stateless, so callers
 * quantize rows of a tensor in parallel.
 */
public final class Quantizer {
    private static final ValueLayout.OfShort I16 =
            ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat F32 =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** Sub-blocks of 32 values in one 256-value Q4_K super-block. */
    private static final int Q4K_SUBBLOCKS = 8;

    /** Elements converted per bulk copy for the 2-byte plain types. */
    private static final int HALF_CHUNK = 1024;

    private Quantizer() {}

    /** Whether quantize() can produce this type: F32, F16, BF16, Q8_0, Q4_0, Q4_K. */
    public static boolean supports(DType target) {
        return switch (target) {
            case F32, F16, BF16, Q8_0, Q4_0, Q4_K -> true;
            default -> false;
        };
    }

    /**
     * Encodes src[srcOff .. srcOff+n) as {@code target} into dst at byte offset dstOff (n a multiple
     * of the block size, else IllegalArgumentException naming type, block size and n).
     */
    public static void quantize(DType target, float[] src, int srcOff, int n, MemorySegment dst, long dstOff) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(src, "src");
        Objects.requireNonNull(dst, "dst");
        if (!supports(target)) {
            throw new IllegalArgumentException("cannot quantize to " + target
                    + "; supported targets are F32, F16, BF16, Q8_0, Q4_0, Q4_K");
        }
        if (n < 0 || n % target.blockSize() != 0) {
            throw new IllegalArgumentException(target + " quantizes whole blocks of " + target.blockSize()
                    + " elements, got n = " + n);
        }
        Objects.checkFromIndexSize(srcOff, n, src.length);
        long bytes = target.bytesFor(n);
        if (dstOff < 0 || dstOff > dst.byteSize() - bytes) {
            throw new IndexOutOfBoundsException(target + " encoding of " + n + " elements needs " + bytes
                    + " bytes at offset " + dstOff + ", but the destination segment holds " + dst.byteSize());
        }
        switch (target) {
            case F32 -> MemorySegment.copy(src, srcOff, dst, F32, dstOff, n);
            case F16, BF16 -> halves(target, src, srcOff, n, dst, dstOff);
            case Q8_0 -> q80(src, srcOff, n, dst, dstOff);
            case Q4_0 -> q40(src, srcOff, n, dst, dstOff);
            case Q4_K -> q4k(src, srcOff, n, dst, dstOff);
            default -> throw new IllegalStateException("unreachable: " + target);
        }
    }

    /** F16 or BF16, converted in chunks into a short scratch and bulk-copied. */
    private static void halves(DType target, float[] src, int srcOff, int n, MemorySegment dst, long dstOff) {
        short[] chunk = new short[Math.min(n, HALF_CHUNK)];
        boolean bf16 = target == DType.BF16;
        for (int done = 0; done < n; done += chunk.length) {
            int len = Math.min(chunk.length, n - done);
            int base = srcOff + done;
            if (bf16) {
                for (int i = 0; i < len; i++) {
                    chunk[i] = toBf16(src[base + i]);
                }
            } else {
                for (int i = 0; i < len; i++) {
                    // Float.floatToFloat16 rounds to nearest even, as F16C's cvtps2ph (ggml's path) does.
                    chunk[i] = Float.floatToFloat16(src[base + i]);
                }
            }
            MemorySegment.copy(chunk, 0, dst, I16, dstOff + 2L * done, len);
        }
    }

    /**
     * f32 → bf16 as ggml converts: round the top 16 bits to nearest, ties to even (adding 0x7FFF plus
     * the lowest kept bit carries exactly when the dropped half is above, or at and odd). A NaN is
     * truncated and forced quiet (bit 6 of the result), so a signalling NaN whose payload lives only
     * in the dropped bits cannot turn into infinity.
     */
    static short toBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            return (short) ((bits >>> 16) | 64);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    /** Q8_0: d = amax/127 (stored as half), q = roundf(x/d), computed with the unrounded d as ggml does. */
    private static void q80(float[] src, int srcOff, int n, MemorySegment dst, long dstOff) {
        byte[] block = new byte[DType.Q8_0.blockBytes()];
        for (int b = 0; b < n / 32; b++) {
            int x0 = srcOff + 32 * b;
            float amax = 0f;
            for (int j = 0; j < 32; j++) {
                amax = Math.max(amax, Math.abs(src[x0 + j]));
            }
            float d = amax / 127f;
            float id = d != 0f ? 1f / d : 0f;
            putHalf(block, 0, Float.floatToFloat16(d));
            for (int j = 0; j < 32; j++) {
                block[2 + j] = (byte) roundHalfAway(src[x0 + j] * id);
            }
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, dstOff + (long) b * block.length, block.length);
        }
    }

    /**
     * Q4_0: the element of largest magnitude, with its sign, maps to code 0 (d = max / -8), so the
     * block spends its asymmetric code range [-8, 7] on the side where the extreme lies. Codes are
     * trunc(x/d + 8.5) — round-half-up of x/d, shifted — clamped to 15: values of the opposite
     * sign to max with |x| > 15/16·|max| would need code 16 and land on 15 (error up to |d|).
     */
    private static void q40(float[] src, int srcOff, int n, MemorySegment dst, long dstOff) {
        byte[] block = new byte[DType.Q4_0.blockBytes()];
        for (int b = 0; b < n / 32; b++) {
            int x0 = srcOff + 32 * b;
            float amax = 0f;
            float max = 0f;
            for (int j = 0; j < 32; j++) {
                float v = src[x0 + j];
                if (amax < Math.abs(v)) {
                    amax = Math.abs(v);
                    max = v;
                }
            }
            float d = max / -8f;
            float id = d != 0f ? 1f / d : 0f;
            putHalf(block, 0, Float.floatToFloat16(d));
            for (int j = 0; j < 16; j++) {
                int lo = Math.min(15, truncToInt8(src[x0 + j] * id + 8.5f));
                int hi = Math.min(15, truncToInt8(src[x0 + 16 + j] * id + 8.5f));
                block[2 + j] = (byte) (lo | (hi << 4));
            }
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, dstOff + (long) b * block.length, block.length);
        }
    }

    /**
     * Q4_K, following ggml's quantize_row_q4_K_ref:
     * <ol>
     *   <li>each 32-value sub-block gets its own (scale, min) from {@link Q4kSearch#fit}: a weighted
     *       least-squares fit of x ≈ scale·L − min over 21 candidate grids (weights av + |x|);
     *   <li>the eight scales and eight mins are quantized to 6 bits against the super-block maxima
     *       (d = max_scale/63, dmin = max_min/63, both stored as half);
     *   <li>the values are re-quantized against those rounded scales, L = clamp(rint((x + dmin·m)/(d·sc)), 0, 15).
     * </ol>
     * Arithmetic is sequential f32 in ggml's operation order. Bit-identical output to a given
     * llama.cpp binary is therefore expected but not guaranteed: C compilers may contract a·b + c
     * into FMA, which can move a rounding in the fit's sums and, rarely, pick a different grid.
     */
    private static void q4k(float[] src, int srcOff, int n, MemorySegment dst, long dstOff) {
        byte[] block = new byte[DType.Q4_K.blockBytes()];
        Q4kSearch search = new Q4kSearch();
        byte[] codes = new byte[256];
        float[] scales = new float[Q4K_SUBBLOCKS];
        float[] mins = new float[Q4K_SUBBLOCKS];
        for (int b = 0; b < n / 256; b++) {
            int x0 = srcOff + 256 * b;
            float maxScale = 0f;
            float maxMin = 0f;
            for (int j = 0; j < Q4K_SUBBLOCKS; j++) {
                search.fit(src, x0 + 32 * j, codes, 32 * j);
                scales[j] = search.scale;
                mins[j] = search.min;
                maxScale = Math.max(maxScale, scales[j]);
                maxMin = Math.max(maxMin, mins[j]);
            }
            float invScale = maxScale > 0f ? 63f / maxScale : 0f;
            float invMin = maxMin > 0f ? 63f / maxMin : 0f;
            java.util.Arrays.fill(block, (byte) 0);
            for (int j = 0; j < Q4K_SUBBLOCKS; j++) {
                // ggml stores rint(...) into a uint8_t before clamping to 63: a (theoretical) negative
                // value wraps to a large one and clamps to 63; mirrored by the & 0xFF.
                int ls = Math.min(63, rint(invScale * scales[j]) & 0xFF);
                int lm = Math.min(63, rint(invMin * mins[j]) & 0xFF);
                packScaleMin(block, 4, j, ls, lm);
            }
            short dHalf = Float.floatToFloat16(maxScale / 63f);
            short dminHalf = Float.floatToFloat16(maxMin / 63f);
            putHalf(block, 0, dHalf);
            putHalf(block, 2, dminHalf);
            float dSuper = Float.float16ToFloat(dHalf);
            float dminSuper = Float.float16ToFloat(dminHalf);
            for (int j = 0; j < Q4K_SUBBLOCKS; j++) {
                float d = dSuper * scaleOf(block, 4, j);
                if (d == 0f) {
                    continue; // every value of this sub-block decodes to -dmin·m; ggml keeps the fit's codes
                }
                float dm = dminSuper * minOf(block, 4, j);
                int xs = x0 + 32 * j;
                for (int i = 0; i < 32; i++) {
                    codes[32 * j + i] = (byte) clamp(rint((src[xs + i] + dm) / d), 0, 15);
                }
            }
            // 4 chunks of 64 values share 32 bytes: low nibbles = first 32 values, high = next 32.
            for (int c = 0; c < 4; c++) {
                for (int l = 0; l < 32; l++) {
                    block[16 + 32 * c + l] = (byte) (codes[64 * c + l] | (codes[64 * c + 32 + l] << 4));
                }
            }
            MemorySegment.copy(block, 0, dst, ValueLayout.JAVA_BYTE, dstOff + (long) b * block.length, block.length);
        }
    }

    /**
     * Packs sub-block j's 6-bit scale and min into the 12-byte array at block[at..]: the inverse of
     * the unpacking in SPEC §4.5. Sub-blocks 0–3 own the low 6 bits of bytes 0–3 (scale) and 4–7
     * (min); sub-blocks 4–7 keep their low 4 bits in byte j+4 (scale low nibble, min high nibble)
     * and their top 2 bits in the spare top bits of bytes j−4 (scale) and j (min).
     */
    private static void packScaleMin(byte[] block, int at, int j, int ls, int lm) {
        if (j < 4) {
            block[at + j] |= (byte) ls;
            block[at + j + 4] |= (byte) lm;
        } else {
            block[at + j + 4] = (byte) ((ls & 0xF) | ((lm & 0xF) << 4));
            block[at + j - 4] |= (byte) ((ls >>> 4) << 6);
            block[at + j] |= (byte) ((lm >>> 4) << 6);
        }
    }

    private static int scaleOf(byte[] block, int at, int j) {
        if (j < 4) {
            return block[at + j] & 63;
        }
        return (block[at + j + 4] & 0xF) | (((block[at + j - 4] & 0xFF) >>> 6) << 4);
    }

    private static int minOf(byte[] block, int at, int j) {
        if (j < 4) {
            return block[at + j + 4] & 63;
        }
        return ((block[at + j + 4] & 0xFF) >>> 4) | (((block[at + j] & 0xFF) >>> 6) << 4);
    }

    private static void putHalf(byte[] block, int at, short half) {
        block[at] = (byte) half;
        block[at + 1] = (byte) (half >>> 8);
    }

    /**
     * C's roundf: halfway cases away from zero (Math.round would send -2.5 to -2). The addition is
     * done in double, where |x| + 0.5 is exact for every float, so 0.49999997f still rounds to 0.
     */
    static int roundHalfAway(float x) {
        return (int) Math.copySign(Math.floor(Math.abs((double) x) + 0.5), x);
    }

    /**
     * C's (int8_t) conversion of a float in the range Q4_0 can produce (about [0.5, 16.5]):
     * truncation toward zero.
     */
    private static int truncToInt8(float x) {
        return (byte) (int) x;
    }

    /**
     * ggml's nearest_int (adds 1.5·2^23 and reads the mantissa) is round-half-to-even for the
     * |x| < 2^22 it is used on: exactly Math.rint.
     */
    static int rint(float x) {
        return (int) Math.rint(x);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    /**
     * The per-sub-block (scale, min) search of ggml's make_qkx2_quants as Q4_K's reference quantizer
     * calls it (32 values, codes 0..15, grids nmax + (-1.0, -0.9, ..., +1.0), squared error). Holds
     * its scratch so a whole tensor is fitted without allocating.
     *
     * <p>Model: x ≈ scale·L − min with L in [0, 15], min ≥ 0 (the grid's origin never rises above 0,
     * so an all-positive sub-block uses min = 0). Each candidate grid fixes L by rounding; a weighted
     * least-squares fit of (scale, −min) to those L is kept when it lowers the weighted squared
     * error. Weights av + |x| (av = RMS of the sub-block) favour large-magnitude values, which
     * dominate matmul outputs.
     *
     * <p>A detail that matters for identical codes: when ggml accepts a grid, that fit's offset
     * becomes the origin (and the span hi − origin) of every later grid.
     *
     * <p>Speed without changing results: ggml evaluates the 21 grids one after another, each a chain
     * of dependent f32 additions over the 32 values (latency-bound). Here the remaining grids are
     * evaluated side by side, one per vector lane, from the current origin; the first one (in step
     * order) that passes ggml's strict "lower error" test is accepted, and the grids after it are
     * re-evaluated from its origin. Every lane adds the 32 terms in ggml's order (Java never
     * contracts a·b + c into FMA), so codes, scale and min equal the sequential loop's — checked by
     * QuantizerTest against a one-grid-at-a-time reference.
     */
    private static final class Q4kSearch {
        private static final int N = 32;
        private static final int NMAX = 15;
        private static final float RMIN = -1f;
        private static final float RDELTA = 0.1f;
        /** Grids tried after the plain one: steps 0..20. */
        private static final int GRIDS = 21;
        private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
        private static final int LANES = SPECIES.length();
        private static final float ROUNDING_BIAS = 12582912f; // 1.5 * 2^23

        private final float[] values = new float[N];
        private final float[] weights = new float[N];
        /** values − origin, the grid coordinate before scaling (the same f32 ggml recomputes per grid). */
        private final float[] shifted = new float[N];
        /** Inverse step of each grid of the batch being evaluated (lane k = grid next + k). */
        private final float[] iscales = new float[LANES];
        /** Codes of value i under lane k's grid at [i·LANES + k], as floats since every use is f32 arithmetic. */
        private final float[] gridCodes = new float[N * LANES];
        private final float[] sumL = new float[LANES];
        private final float[] sumL2 = new float[LANES];
        private final float[] fitScale = new float[LANES];
        private final float[] fitOffset = new float[LANES];
        private final float[] fitError = new float[LANES];
        /** Result of the last fit: the sub-block's scale (≥ 0 in practice). */
        float scale;
        /** Result of the last fit: the subtracted min, ≥ 0. */
        float min;

        /** Fits x[xOff .. xOff+32), leaving the best grid's codes in codes[cOff ..). */
        void fit(float[] x, int xOff, byte[] codes, int cOff) {
            System.arraycopy(x, xOff, values, 0, N);
            float sumX2 = 0f;
            for (int i = 0; i < N; i++) {
                sumX2 += values[i] * values[i];
            }
            float av = (float) Math.sqrt(sumX2 / N);
            for (int i = 0; i < N; i++) {
                weights[i] = av + Math.abs(values[i]);
            }

            float lo = values[0];
            float hi = values[0];
            float sumW = weights[0];
            float sumX = sumW * values[0];
            for (int i = 1; i < N; i++) {
                float v = values[i];
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
                sumW += weights[i];
                sumX += weights[i] * v;
            }
            if (lo > 0f) {
                lo = 0f;
            }
            if (hi == lo) {
                java.util.Arrays.fill(codes, cOff, cOff + N, (byte) 0);
                scale = 0f;
                min = -lo;
                return;
            }
            for (int i = 0; i < N; i++) {
                shifted[i] = values[i] - lo;
            }

            // Start: the plain grid spanning [lo, hi] with NMAX steps, scale and offset taken as is.
            float plainIscale = NMAX / (hi - lo);
            float bestScale = 1f / plainIscale;
            float bestLo = lo;
            float bestError = 0f;
            for (int i = 0; i < N; i++) {
                float l = code(plainIscale * shifted[i]);
                codes[cOff + i] = (byte) l;
                float diff = bestScale * l + lo - values[i];
                bestError += weights[i] * (diff * diff);
            }

            // ggml moves the grid origin to each accepted fit's offset, and later grids are laid out
            // from that new origin. So: evaluate the next LANES grids side by side from the current
            // origin, accept the first one (in step order) that lowers the error, and continue right
            // after it (from its origin), or after the whole batch when none was accepted.
            int next = 0;
            float origin = Float.NaN;
            while (next < GRIDS) {
                if (origin != bestLo) { // bit-exact compare is fine: only an accepted fit changes it
                    origin = bestLo;
                    for (int i = 0; i < N; i++) {
                        shifted[i] = values[i] - origin;
                    }
                }
                for (int k = 0; k < LANES; k++) {
                    int g = next + k;
                    iscales[k] = g < GRIDS ? (RMIN + RDELTA * g + NMAX) / (hi - origin) : 0f;
                }
                gridBatch(sumW, sumX);
                int accepted = -1;
                for (int k = 0; k < LANES && next + k < GRIDS; k++) {
                    float det = sumW * sumL2[k] - sumL[k] * sumL[k]; // as computed in the lane
                    if (det > 0f && fitError[k] < bestError) {
                        accepted = k;
                        break;
                    }
                }
                if (accepted < 0) {
                    next += LANES;
                    continue;
                }
                bestError = fitError[accepted];
                bestScale = fitScale[accepted];
                bestLo = fitOffset[accepted];
                for (int i = 0; i < N; i++) {
                    codes[cOff + i] = (byte) gridCodes[i * LANES + accepted];
                }
                next += accepted + 1;
            }
            scale = bestScale;
            min = -bestLo;
        }

        /**
         * Codes, least-squares fit and weighted error of the LANES grids whose inverse steps are in
         * iscales, one grid per lane. Each lane performs exactly the scalar f32 operations of ggml's
         * loop body, in the same order.
         */
        private void gridBatch(float sumW, float sumX) {
            FloatVector iscale = FloatVector.fromArray(SPECIES, iscales, 0);
            FloatVector sl = FloatVector.zero(SPECIES);
            FloatVector sl2 = FloatVector.zero(SPECIES);
            FloatVector sxl = FloatVector.zero(SPECIES);
            for (int i = 0; i < N; i++) {
                FloatVector l = iscale.mul(shifted[i]).min(1e6f).max(-1e6f)
                        .add(ROUNDING_BIAS).sub(ROUNDING_BIAS)
                        .min((float) NMAX).max(0f);
                l.intoArray(gridCodes, i * LANES);
                FloatVector wl = l.mul(weights[i]); // w·l (f32 multiplication commutes exactly)
                sl = sl.add(wl);
                sl2 = sl2.add(wl.mul(l));
                sxl = sxl.add(wl.mul(values[i]));
            }
            sl.intoArray(sumL, 0);
            sl2.intoArray(sumL2, 0);
            // Normal equations of min over (s, m) of sum w (s·L + m - x)^2.
            FloatVector det = sl2.mul(sumW).sub(sl.mul(sl));
            FloatVector s = sxl.mul(sumW).sub(sl.mul(sumX)).div(det);
            FloatVector m = sl2.mul(sumX).sub(sl.mul(sxl)).div(det);
            // The offset must stay ≤ 0 (a stored min is subtracted): where it is not, refit the scale alone.
            VectorMask<Float> positive = m.compare(VectorOperators.GT, 0f);
            s = s.blend(sxl.div(sl2), positive);
            m = m.blend(0f, positive);
            s.intoArray(fitScale, 0);
            m.intoArray(fitOffset, 0);
            FloatVector error = FloatVector.zero(SPECIES);
            for (int i = 0; i < N; i++) {
                FloatVector l = FloatVector.fromArray(SPECIES, gridCodes, i * LANES);
                FloatVector diff = s.mul(l).add(m).sub(values[i]);
                error = error.add(diff.mul(diff).mul(weights[i]));
            }
            error.intoArray(fitError, 0);
        }

        /**
         * clamp(rint(v), 0, NMAX), rounded in f32 the way ggml's nearest_int does it: adding 1.5·2^23
         * leaves no fraction bits, so the sum is rounded half to even, and subtracting it back is
         * exact (valid for |v| < 2^22; larger |v| is capped first and clamps to 0 or NMAX anyway).
         * Branch-free so the grid loops vectorize.
         */
        private static float code(float v) {
            float r = (Math.max(-1e6f, Math.min(v, 1e6f)) + ROUNDING_BIAS) - ROUNDING_BIAS;
            return Math.max(0f, Math.min(NMAX, r));
        }
    }
}
