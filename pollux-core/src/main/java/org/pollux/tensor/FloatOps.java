package org.pollux.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API kernels over activation arrays (float[]): the small ops between weight products.
 * Each has a scalar twin in {@link FloatOpsScalar}, and tests compare the two over odd lengths.
 *
 * <p>Reductions accumulate in vector lanes and then reduce the lanes; the result can differ from
 * the scalar sum in the last bits, but is the same on every call for the same input (deterministic).
 */
public final class FloatOps {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private FloatOps() {}

    /**
     * Sum of a vector's lanes in one fixed order. {@code reduceLanes(ADD)} leaves the order open, and
     * the Vector API's interpreted fallback and its compiled intrinsic do use different orders, so
     * the same call gave results differing in the last bit before and after JIT compilation
     * (seen as flaky bit-exact tests). A fixed order keeps results bit-identical run to run.
     */
    public static float sumLanes(FloatVector v) {
        // A fixed pairwise tree of element-wise adds: lane i += lane i + half, halving each time.
        // Element-wise operations are exact per lane in both execution modes.
        for (int half = v.length() / 2; half >= 1; half /= 2) {
            v = v.add(v.slice(half));
        }
        return v.lane(0);
    }

    /** Σ a[ao+i]·b[bo+i] for i in [0, n). */
    public static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        }
        float s = sumLanes(acc);
        for (; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    /** y[yo+i] += alpha · x[xo+i]. */
    public static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, xo + i).fma(va, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    /** y[i] += x[i] over whole arrays of equal length. */
    public static void add(float[] x, float[] y, int n) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, y, i).add(FloatVector.fromArray(S, x, i)).intoArray(y, i);
        }
        for (; i < n; i++) {
            y[i] += x[i];
        }
    }

    /** a[ao+i] *= s. */
    public static void scale(float[] a, int ao, int n, float s) {
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, a, ao + i).mul(s).intoArray(a, ao + i);
        }
        for (; i < n; i++) {
            a[ao + i] *= s;
        }
    }

    /**
     * RMSNorm: out = x / sqrt(mean(x²) + eps) ⊙ w (w may be null: no weight). In place when
     * {@code out == x} and the offsets match. The mean is accumulated in double for accuracy on
     * wide rows.
     */
    public static void rmsnorm(float[] out, int oo, float[] x, int xo, float[] w, int n, float eps) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        int bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            acc = v.fma(v, acc);
        }
        double ss = sumLanes(acc);
        for (; i < n; i++) {
            ss += (double) x[xo + i] * x[xo + i];
        }
        float inv = (float) (1.0 / Math.sqrt(ss / n + eps));
        i = 0;
        if (w == null) {
            for (; i < bound; i += S.length()) {
                FloatVector.fromArray(S, x, xo + i).mul(inv).intoArray(out, oo + i);
            }
            for (; i < n; i++) {
                out[oo + i] = x[xo + i] * inv;
            }
            return;
        }
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, xo + i).mul(inv).mul(FloatVector.fromArray(S, w, i)).intoArray(out, oo + i);
        }
        for (; i < n; i++) {
            out[oo + i] = x[xo + i] * inv * w[i];
        }
    }

    /** In-place softmax of a[ao .. ao+n), max-subtracted for stability. */
    public static void softmax(float[] a, int ao, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, a[ao + i]);
        }
        float sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(a[ao + i] - max);
            a[ao + i] = e;
            sum += e;
        }
        scale(a, ao, n, 1f / sum);
    }

    /** ½ z (1 + tanh(√(2/π)(z + 0.044715 z³))). */
    public static float geluTanh(float z) {
        final double c = Math.sqrt(2 / Math.PI);
        return (float) (0.5 * z * (1 + Math.tanh(c * (z + 0.044715 * z * z * z))));
    }

    /** GELU_tanh of every f16 value, indexed by the f16 bit pattern; see {@link #geluTanhF16}. */
    private static final float[] GELU_F16 = buildGeluTable();

    private static float[] buildGeluTable() {
        float[] t = new float[1 << 16];
        for (int bits = 0; bits < t.length; bits++) {
            float z = Float.float16ToFloat((short) bits);
            t[bits] = Float.float16ToFloat(Float.floatToFloat16(geluTanh(z)));
        }
        return t;
    }

    /**
     * GELU_tanh with ggml's CPU numerics: z rounded to f16, the result looked up in a table of f16
     * values; z ≥ 10 returns z and z ≤ −10 returns 0 (where GELU is the identity or zero in f32).
     */
    public static float geluTanhF16(float z) {
        if (z >= 10f) {
            return z;
        }
        if (z <= -10f) {
            return 0f;
        }
        return GELU_F16[Float.floatToFloat16(z) & 0xFFFF];
    }

    /** Soft-cap: cap · tanh(v / cap) over a[ao .. ao+n). */
    public static void softcap(float[] a, int ao, int n, float cap) {
        for (int i = 0; i < n; i++) {
            a[ao + i] = (float) (cap * Math.tanh(a[ao + i] / cap));
        }
    }
}
