package org.pollux.tensor;

/**
 * Test oracle: one Q4_K super-block quantized the slow, obvious way — ggml's quantize_row_q4_K_ref
 * behaviour with the 21 grids of the sub-block search evaluated one after another, exactly as the
 * C loop does. {@link Quantizer} evaluates the grids side by side in vector lanes; the two must
 * agree byte for byte.
 */
final class Q4kSequentialReference {
    private Q4kSequentialReference() {}

    /** The 144 bytes of the super-block x[off .. off+256). */
    static byte[] quantize(float[] x, int off) {
        int[] codes = new int[256];
        float[] scales = new float[8];
        float[] mins = new float[8];
        for (int j = 0; j < 8; j++) {
            float[] fit = fitSubBlock(x, off + 32 * j, codes, 32 * j);
            scales[j] = fit[0];
            mins[j] = fit[1];
        }
        float maxScale = 0f;
        float maxMin = 0f;
        for (int j = 0; j < 8; j++) {
            if (scales[j] > maxScale) {
                maxScale = scales[j];
            }
            if (mins[j] > maxMin) {
                maxMin = mins[j];
            }
        }
        float invScale = maxScale > 0 ? 63f / maxScale : 0f;
        float invMin = maxMin > 0 ? 63f / maxMin : 0f;
        byte[] out = new byte[144];
        int[] packed = new int[12];
        for (int j = 0; j < 8; j++) {
            int ls = Math.min(63, nearestInt(invScale * scales[j]) & 0xFF);
            int lm = Math.min(63, nearestInt(invMin * mins[j]) & 0xFF);
            if (j < 4) {
                packed[j] = ls;
                packed[j + 4] = lm;
            } else {
                packed[j + 4] = (ls & 0xF) | ((lm & 0xF) << 4);
                packed[j - 4] |= (ls >> 4) << 6;
                packed[j] |= (lm >> 4) << 6;
            }
        }
        short d = Float.floatToFloat16(maxScale / 63f);
        short dmin = Float.floatToFloat16(maxMin / 63f);
        out[0] = (byte) d;
        out[1] = (byte) (d >> 8);
        out[2] = (byte) dmin;
        out[3] = (byte) (dmin >> 8);
        for (int k = 0; k < 12; k++) {
            out[4 + k] = (byte) packed[k];
        }
        java.lang.foreign.MemorySegment seg = java.lang.foreign.MemorySegment.ofArray(out);
        for (int j = 0; j < 8; j++) {
            int[] sm = ScalarKernels.scaleMin(seg, 4, j);
            float dj = Float.float16ToFloat(d) * sm[0];
            if (dj == 0f) {
                continue;
            }
            float dm = Float.float16ToFloat(dmin) * sm[1];
            for (int i = 0; i < 32; i++) {
                codes[32 * j + i] = Math.max(0, Math.min(15, nearestInt((x[off + 32 * j + i] + dm) / dj)));
            }
        }
        for (int c = 0; c < 4; c++) {
            for (int l = 0; l < 32; l++) {
                out[16 + 32 * c + l] = (byte) (codes[64 * c + l] | (codes[64 * c + 32 + l] << 4));
            }
        }
        return out;
    }

    /** make_qkx2_quants(32, 15, weights av+|x|, rmin -1, rdelta 0.1, 20 steps, squared error): {scale, min}. */
    private static float[] fitSubBlock(float[] x, int off, int[] codes, int cOff) {
        float sumX2 = 0;
        for (int i = 0; i < 32; i++) {
            sumX2 += x[off + i] * x[off + i];
        }
        float av = (float) Math.sqrt(sumX2 / 32);
        float[] w = new float[32];
        for (int i = 0; i < 32; i++) {
            w[i] = av + Math.abs(x[off + i]);
        }
        float min = x[off];
        float max = x[off];
        float sumW = w[0];
        float sumX = sumW * x[off];
        for (int i = 1; i < 32; i++) {
            if (x[off + i] < min) {
                min = x[off + i];
            }
            if (x[off + i] > max) {
                max = x[off + i];
            }
            sumW += w[i];
            sumX += w[i] * x[off + i];
        }
        if (min > 0) {
            min = 0;
        }
        if (max == min) {
            return new float[] {0f, -min};
        }
        float iscale = 15 / (max - min);
        float scale = 1 / iscale;
        float bestError = 0;
        for (int i = 0; i < 32; i++) {
            int l = Math.max(0, Math.min(15, nearestInt(iscale * (x[off + i] - min))));
            codes[cOff + i] = l;
            float diff = scale * l + min - x[off + i];
            bestError += w[i] * (diff * diff);
        }
        int[] aux = new int[32];
        for (int step = 0; step <= 20; step++) {
            iscale = (-1f + 0.1f * step + 15) / (max - min);
            float sumL = 0;
            float sumL2 = 0;
            float sumXL = 0;
            for (int i = 0; i < 32; i++) {
                int l = Math.max(0, Math.min(15, nearestInt(iscale * (x[off + i] - min))));
                aux[i] = l;
                sumL += w[i] * l;
                sumL2 += w[i] * l * l;
                sumXL += w[i] * l * x[off + i];
            }
            float det = sumW * sumL2 - sumL * sumL;
            if (det > 0) {
                float s = (sumW * sumXL - sumX * sumL) / det;
                float m = (sumL2 * sumX - sumL * sumXL) / det;
                if (m > 0) {
                    m = 0;
                    s = sumXL / sumL2;
                }
                float error = 0;
                for (int i = 0; i < 32; i++) {
                    float diff = s * aux[i] + m - x[off + i];
                    error += w[i] * (diff * diff);
                }
                if (error < bestError) {
                    System.arraycopy(aux, 0, codes, cOff, 32);
                    bestError = error;
                    scale = s;
                    min = m;
                }
            }
        }
        return new float[] {scale, -min};
    }

    /** ggml's nearest_int: add 1.5·2^23 in f32 and read back the integer (round half to even). */
    private static int nearestInt(float v) {
        return (int) ((v + 12582912f) - 12582912f);
    }
}
