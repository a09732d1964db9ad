package org.pollux.generate;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The textbook sampling pipeline in float64 with a full sort, as an oracle for {@link Sampler}:
 * temperature, top-k, top-p over what top-k left (renormalized), then min-p relative to the most
 * likely token. Returns id → probability, most likely first.
 */
final class ReferenceSampling {
    private ReferenceSampling() {}

    static Map<Integer, Double> distribution(float[] logits, double t, int k, double p, double minP) {
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -logits[i]).thenComparingInt(i -> i));
        int n = k > 0 ? Math.min(k, logits.length) : logits.length;
        double[] w = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) {
            w[i] = Math.exp((logits[order[i]] - (double) logits[order[0]]) / t);
            s += w[i];
        }
        if (p < 1) {
            double acc = 0;
            for (int i = 0; i < n; i++) {
                acc += w[i];
                if (acc >= p * s) {
                    n = i + 1;
                    break;
                }
            }
        }
        if (minP > 0) {
            while (n > 1 && w[n - 1] < minP * w[0]) {
                n--;
            }
        }
        double kept = 0;
        for (int i = 0; i < n; i++) {
            kept += w[i];
        }
        Map<Integer, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            out.put(order[i], w[i] / kept);
        }
        return out;
    }

    /** log softmax in float64. */
    static double[] logSoftmax(double[] l) {
        double max = Arrays.stream(l).max().orElseThrow();
        double z = 0;
        for (double v : l) {
            z += Math.exp(v - max);
        }
        double logZ = max + Math.log(z);
        return Arrays.stream(l).map(v -> v - logZ).toArray();
    }
}
