package org.pollux.generate;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector checks the sampler runs over every logit: no NaN or +infinity, and not all −infinity. */
final class FiniteLogits {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private FiniteLogits() {}

    /** True when no value of {@code a[0 .. n)} is NaN or +infinity. */
    static boolean allBelowInfinity(float[] a, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            // NaN fails every comparison, so "< +inf" is false exactly for NaN and +inf.
            if (!FloatVector.fromArray(F, a, i).compare(VectorOperators.LT, Float.POSITIVE_INFINITY).allTrue()) {
                return false;
            }
        }
        for (; i < n; i++) {
            if (!(a[i] < Float.POSITIVE_INFINITY)) {
                return false;
            }
        }
        return true;
    }

    /** True when some value of {@code a[0 .. n)} is above −infinity. */
    static boolean anyAboveMinusInfinity(float[] a, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            if (FloatVector.fromArray(F, a, i).compare(VectorOperators.GT, Float.NEGATIVE_INFINITY).anyTrue()) {
                return true;
            }
        }
        for (; i < n; i++) {
            if (a[i] > Float.NEGATIVE_INFINITY) {
                return true;
            }
        }
        return false;
    }
}
