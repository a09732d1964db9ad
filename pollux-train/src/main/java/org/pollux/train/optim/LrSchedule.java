package org.pollux.train.optim;

/**
 * Learning rate by step: linear warmup from maxLr/warmup to maxLr over the first
 * {@code warmupSteps}, then a half cosine from maxLr down to minLr at {@code totalSteps}, and
 * minLr after that.
 *
 * @param maxLr peak learning rate
 * @param minLr final learning rate (0 ≤ minLr ≤ maxLr)
 * @param warmupSteps steps of linear warmup (0 = none)
 * @param totalSteps step at which the cosine reaches minLr (&gt; warmupSteps)
 */
public record LrSchedule(double maxLr, double minLr, long warmupSteps, long totalSteps) {
    public LrSchedule {
        if (!(maxLr > 0) || !(minLr >= 0) || minLr > maxLr || Double.isInfinite(maxLr)) {
            throw new IllegalArgumentException("need 0 <= minLr <= maxLr, maxLr > 0 and finite; got maxLr " + maxLr
                    + ", minLr " + minLr);
        }
        if (warmupSteps < 0 || totalSteps <= warmupSteps) {
            throw new IllegalArgumentException("need 0 <= warmupSteps < totalSteps; got warmup " + warmupSteps
                    + ", total " + totalSteps);
        }
    }

    /** The learning rate of step {@code step} (0-based). */
    public double at(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be >= 0, got " + step);
        }
        if (step < warmupSteps) {
            return maxLr * (step + 1) / warmupSteps;
        }
        if (step >= totalSteps) {
            return minLr;
        }
        double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return minLr + 0.5 * (maxLr - minLr) * (1 + Math.cos(Math.PI * progress));
    }
}
