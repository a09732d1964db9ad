package org.pollux.bench;

/** Mean and sample standard deviation of repeated measurements. */
public record Stats(double mean, double sd, int n) {
    public static Stats of(double[] xs) {
        if (xs.length == 0) {
            throw new IllegalArgumentException("no measurements");
        }
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        double mean = sum / xs.length;
        double ss = 0;
        for (double x : xs) {
            ss += (x - mean) * (x - mean);
        }
        return new Stats(mean, xs.length > 1 ? Math.sqrt(ss / (xs.length - 1)) : 0, xs.length);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%.2f ± %.2f", mean, sd);
    }
}
