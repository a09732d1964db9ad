package org.pollux.tensor;

/** Plain-loop twins of the vectorized {@link FloatOps} reductions: the reference tests compare against. */
public final class FloatOpsScalar {
    private FloatOpsScalar() {}

    public static float dot(float[] a, int ao, float[] b, int bo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) a[ao + i] * b[bo + i];
        }
        return (float) s;
    }

    public static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }

    public static void rmsnorm(float[] out, int oo, float[] x, int xo, float[] w, int n, float eps) {
        double ss = 0;
        for (int i = 0; i < n; i++) {
            ss += (double) x[xo + i] * x[xo + i];
        }
        double inv = 1.0 / Math.sqrt(ss / n + eps);
        for (int i = 0; i < n; i++) {
            out[oo + i] = (float) (x[xo + i] * inv * (w == null ? 1 : w[i]));
        }
    }

    /** The same fixed pairwise tree as {@link FloatOps#sumLanes}, over an array of lanes. */
    public static float sumLanes(float[] lanes) {
        float[] v = lanes.clone();
        for (int half = v.length / 2; half >= 1; half /= 2) {
            for (int i = 0; i < v.length; i++) {
                v[i] = v[i] + (i + half < v.length ? v[i + half] : 0f);
            }
        }
        return v[0];
    }
}
