package org.pollux.train.autograd;

import org.pollux.tensor.FloatOps;

/**
 * Residual add x += f(x) and scaling. Their backward passes are what they are for a sum
 * (the gradient reaches both branches unchanged) and a scale (the gradient is scaled alike);
 * they live here so each op of the model has a named forward/backward pair.
 */
public final class Residual {
    private Residual() {}

    /** x += branch over n elements. */
    public static void add(float[] x, float[] branch, int n) {
        FloatOps.add(branch, x, n);
    }

    /** The gradient of the branch of x += branch: the residual gradient itself (a copy). */
    public static void addBackward(float[] dx, float[] dBranch, int n) {
        System.arraycopy(dx, 0, dBranch, 0, n);
    }

    /** a[off .. off+n) *= s; backward is the same call on the gradient. */
    public static void scale(float[] a, int off, int n, float s) {
        FloatOps.scale(a, off, n, s);
    }
}
