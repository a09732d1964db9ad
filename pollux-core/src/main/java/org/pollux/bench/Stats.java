package org.pollux.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Mean and sample standard deviation (n − 1 in the denominator, as llama-bench reports) of
 * repeated measurements, with the measurements themselves.
 */
public record Stats(double mean, double sd, List<Double> samples) {
    public Stats {
        samples = List.copyOf(samples);
    }

    public static Stats of(double[] xs) {
        if (xs.length == 0) {
            throw new IllegalArgumentException("no measurements");
        }
        double sum = 0;
        List<Double> samples = new ArrayList<>(xs.length);
        for (double x : xs) {
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("measurement " + samples.size() + " is " + x);
            }
            sum += x;
            samples.add(x);
        }
        double mean = sum / xs.length;
        double ss = 0;
        for (double x : xs) {
            ss += (x - mean) * (x - mean);
        }
        return new Stats(mean, xs.length > 1 ? Math.sqrt(ss / (xs.length - 1)) : 0, samples);
    }

    /** Number of measurements. */
    public int n() {
        return samples.size();
    }

    /** {@code mean ± sd} with two decimals, the llama-bench cell format. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.2f ± %.2f", mean, sd);
    }
}
