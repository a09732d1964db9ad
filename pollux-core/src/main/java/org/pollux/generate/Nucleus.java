package org.pollux.generate;

import java.util.Arrays;

/**
 * Finds the top-p nucleus among every token without ranking them all. Weights are binned by their
 * binary exponent and top four mantissa bits (16 bins per halving, bins ordered like the weights),
 * one pass adds up each bin's mass, and the cumulative masses name the one bin where the nucleus
 * ends. Only that bin's tokens are ranked to find the exact cut; the bins above it are kept whole.
 * A flat distribution whose nucleus holds 200k tokens thus sorts a few thousand, not 200k.
 */
final class Nucleus {
    private static final int BINS_PER_HALVING = 16;
    /** Weights below 2^-HALVINGS (relative to the best token's 1) share the last bin. */
    private static final int HALVINGS = 64;
    private static final int BINS = HALVINGS * BINS_PER_HALVING + 1;

    private Nucleus() {}

    /**
     * The ids of the smallest set of best-ranked tokens whose weights reach {@code target}: first
     * the tokens of the bins above the boundary bin, in id order, then the boundary bin's best
     * tokens in rank order. Zero weights (masked tokens) are never included.
     *
     * @param w weights in (0, 1] relative to the best token (0 for masked ones)
     */
    static int[] find(float[] l, double[] w, int n, double target) {
        double[] mass = new double[BINS];
        int[] count = new int[BINS];
        for (int i = 0; i < n; i++) {
            if (w[i] > 0) {
                int b = bin(w[i]);
                mass[b] += w[i];
                count[b]++;
            }
        }
        double above = 0;
        int boundary = BINS - 1;
        for (int b = 0; b < BINS; b++) {
            if (above + mass[b] >= target) {
                boundary = b;
                break;
            }
            above += mass[b];
        }
        int whole = 0;
        for (int b = 0; b < boundary; b++) {
            whole += count[b];
        }
        int[] ids = new int[whole + count[boundary]];
        int[] edge = new int[count[boundary]];
        int j = 0;
        int e = 0;
        for (int i = 0; i < n; i++) {
            if (w[i] > 0) {
                int b = bin(w[i]);
                if (b < boundary) {
                    ids[j++] = i;
                } else if (b == boundary) {
                    edge[e++] = i;
                }
            }
        }
        edge = LogitRanking.sort(l, edge);
        int take = edge.length; // all of it when rounding left the target a hair out of reach
        double acc = above;
        for (int t = 0; t < edge.length; t++) {
            acc += w[edge[t]];
            if (acc >= target) {
                take = t + 1;
                break;
            }
        }
        System.arraycopy(edge, 0, ids, whole, take);
        return Arrays.copyOf(ids, whole + take);
    }

    /** Bin of a weight in (0, 1]: larger weights get smaller bins; equal weights the same bin. */
    static int bin(double w) {
        long bits = Double.doubleToRawLongBits(w);
        int halvings = 1023 - (int) (bits >>> 52); // 0 for [1, 2), 1 for [0.5, 1), ...; subnormals: 1023
        if (halvings >= HALVINGS) {
            return BINS - 1;
        }
        int topMantissa = (int) (bits >>> 48) & (BINS_PER_HALVING - 1);
        return halvings * BINS_PER_HALVING + (BINS_PER_HALVING - 1 - topMantissa);
    }
}
