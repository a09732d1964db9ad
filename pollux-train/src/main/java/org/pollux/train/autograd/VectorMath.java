package org.pollux.train.autograd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp and the logistic function in Vector API lanes, with a scalar twin that gives the same bits.
 *
 * <p>Why not {@code lanewise(EXP)}: its result may differ in the last bit between the Vector API's
 * interpreted fallback and the compiled intrinsic, so a loss could change when the JIT kicks in
 * (and the JIT's timing depends on the thread count). Here every step is an IEEE-exact lane
 * operation (add, mul, fma, integer shift), identical in both execution modes and in the scalar
 * twin used for loop tails, so results are bit-reproducible.
 *
 * <p>exp(x) = 2^k · e^r with k = round(x / ln 2) and |r| ≤ ln2/2; e^r by its Taylor series to
 * degree 7 (truncation &lt; 5e-9 relative), ln 2 split in a high and low part (Cody–Waite) so r is
 * exact to float precision. Measured error ≤ 2 ulp on [-87, 88]. Inputs are clamped to
 * [-87, 88] (the normal float range), so exp never returns 0, ∞ or a denormal.
 */
public final class VectorMath {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final int L = 8;

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5·2^23: adding and subtracting it rounds a float of magnitude &lt; 2^22 to an integer. */
    private static final float ROUND = 12582912f;
    private static final float LO = -87f;
    private static final float HI = 88f;
    private static final float C2 = 1f / 2;
    private static final float C3 = 1f / 6;
    private static final float C4 = 1f / 24;
    private static final float C5 = 1f / 120;
    private static final float C6 = 1f / 720;
    private static final float C7 = 1f / 5040;

    private VectorMath() {}

    /** e^x lane-wise. */
    public static FloatVector exp(FloatVector x) {
        x = x.max(LO).min(HI);
        FloatVector k = x.mul(LOG2E).add(ROUND).sub(ROUND);
        FloatVector r = k.fma(FloatVector.broadcast(F, -LN2_HI), x);
        r = k.fma(FloatVector.broadcast(F, -LN2_LO), r);
        FloatVector p = r.fma(C7, C6);
        p = p.fma(r, FloatVector.broadcast(F, C5));
        p = p.fma(r, FloatVector.broadcast(F, C4));
        p = p.fma(r, FloatVector.broadcast(F, C3));
        p = p.fma(r, FloatVector.broadcast(F, C2));
        p = p.fma(r, FloatVector.broadcast(F, 1f));
        p = p.fma(r, FloatVector.broadcast(F, 1f));
        IntVector bits = ((IntVector) k.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }

    /** The scalar twin of {@link #exp(FloatVector)}: the same operations, the same bits. */
    public static float exp(float x) {
        x = Math.min(Math.max(x, LO), HI);
        float k = x * LOG2E + ROUND - ROUND;
        float r = Math.fma(k, -LN2_HI, x);
        r = Math.fma(k, -LN2_LO, r);
        float p = Math.fma(r, C7, C6);
        p = Math.fma(p, r, C5);
        p = Math.fma(p, r, C4);
        p = Math.fma(p, r, C3);
        p = Math.fma(p, r, C2);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        return p * Float.intBitsToFloat(((int) k + 127) << 23);
    }

    /** a[i] = exp(a[i] - shift) for i in [off, off + n); returns their sum (fixed order: lanes, then tail). */
    public static float expShifted(float[] a, int off, int n, float shift) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int bound = n - n % L; i < bound; i += L) {
            FloatVector e = exp(FloatVector.fromArray(F, a, off + i).sub(shift));
            e.intoArray(a, off + i);
            acc = acc.add(e);
        }
        float sum = org.pollux.tensor.FloatOps.sumLanes(acc);
        for (; i < n; i++) {
            float e = exp(a[off + i] - shift);
            a[off + i] = e;
            sum += e;
        }
        return sum;
    }

    /**
     * Σ a[ao+i]·b[bo+i] for i in [0, n), always in 8 lanes. The engine's {@code FloatOps.dot} uses
     * the machine's widest vectors, so its sums come in a different order on AVX-512 than on AVX2;
     * training uses this one so that a seed gives the same losses on every x86 machine, not only
     * on every thread count (a recorded trajectory is checked in CI).
     */
    public static float dot(float[] a, int ao, float[] b, int bo, int n) {
        FloatVector acc = FloatVector.zero(F);
        int i = 0;
        for (int bound = n - n % L; i < bound; i += L) {
            acc = FloatVector.fromArray(F, a, ao + i).fma(FloatVector.fromArray(F, b, bo + i), acc);
        }
        float s = org.pollux.tensor.FloatOps.sumLanes(acc);
        for (; i < n; i++) {
            s += a[ao + i] * b[bo + i];
        }
        return s;
    }

    /** Max of a[off .. off + n) (exact, order-independent). */
    public static float max(float[] a, int off, int n) {
        FloatVector m = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int bound = n - n % L; i < bound; i += L) {
            m = m.max(FloatVector.fromArray(F, a, off + i));
        }
        float r = m.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            r = Math.max(r, a[off + i]);
        }
        return r;
    }
}
