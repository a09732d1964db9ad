package org.pollux.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits, in this order: penalties (repetition, presence, frequency),
 * temperature, top-k, top-p (nucleus), min-p (relative to the most likely token), then one draw
 * from a {@link SplittableRandom} seeded with {@link SamplingParams#seed()}: one
 * {@code nextDouble()} per sampled token, so the same seed gives the same draws. Temperature 0
 * is greedy: argmax, ties to the lowest id, no randomness used.
 *
 * <p>Cost per step for a 262k vocabulary: O(V) passes plus a sort of only the candidates that can
 * matter. Top-k selects with a bounded heap; min-p keeps only tokens within T·ln(1/minP) logits
 * of the best, found by a threshold; top-p alone bins the weights and ranks only the bin where
 * the nucleus ends ({@link Nucleus}). Without any truncation the draw scans the weights in id order
 * and sorts nothing.
 *
 * <p>One sampler serves one sequence: it owns the random stream and the penalty history.
 */
public final class Sampler {
    /** Added to the min-p logit threshold so the cheap pre-filter keeps a superset of the exact test. */
    private static final double MIN_P_PREFILTER_SLACK = 1e-6;

    private final SamplingParams p;
    private final SplittableRandom random;
    private final Penalties penalties;
    /** Penalized logits of the current step. */
    private float[] work = new float[0];
    /** Tempered, unnormalized probabilities of every token, when a step needs all of them. */
    private double[] weights = new double[0];

    public Sampler(SamplingParams params) {
        this.p = params;
        this.random = new SplittableRandom(params.seed());
        this.penalties = new Penalties(params);
    }

    /**
     * The chosen token and log-probabilities for reports (OpenAI {@code logprobs}, Gemini
     * {@code responseLogprobs}). They are those of the model's distribution after penalties, before
     * temperature and truncation, so they do not depend on sampling settings.
     *
     * @param topTokens the {@code topN} most likely ids, best first
     * @param topLogprobs their log-probabilities
     */
    public record Choice(int token, float logprob, int[] topTokens, float[] topLogprobs) {}

    /** The distribution a draw is made from: candidate ids, best first, and their probabilities (sum 1). */
    public record Distribution(int[] ids, double[] probs) {}

    /** Feeds the tokens the repetition penalty looks back on (the prompt) before sampling starts. */
    public void setHistory(int[] tokens) {
        penalties.observe(tokens);
    }

    /** Records a generated token, for the penalties. */
    public void accept(int token) {
        penalties.accept(token);
    }

    /** Samples from all of {@code logits}; does not modify the array. */
    public int sample(float[] logits) {
        float[] l = penalized(logits, logits.length);
        return pick(l, logits.length);
    }

    /** {@link #choose(float[], int, int)} over every logit. */
    public Choice choose(float[] logits, int topN) {
        return choose(logits, logits.length, topN);
    }

    /**
     * Samples among ids {@code [0, vocab)} (a model may pad its output beyond the tokenizer's
     * vocabulary) and reports log-probabilities of the chosen token and the {@code topN} best.
     */
    public Choice choose(float[] logits, int vocab, int topN) {
        if (topN < 0) {
            throw new IllegalArgumentException("topN must be >= 0, got " + topN);
        }
        float[] l = penalized(logits, vocab);
        int token = pick(l, vocab);
        return describe(l, vocab, token, topN);
    }

    /**
     * The distribution the next draw would use, after penalties and truncation (greedy: the argmax
     * with probability 1). Consumes no randomness; for tests and diagnostics.
     */
    public Distribution distribution(float[] logits) {
        int n = logits.length;
        float[] l = penalized(logits, n);
        if (p.greedy()) {
            return new Distribution(new int[] {LogitRanking.argmax(l, n)}, new double[] {1});
        }
        Candidates c = truncate(l, n);
        int[] kept = c == null ? LogitRanking.all(l, n) : LogitRanking.sort(l, Arrays.copyOf(c.ids, c.keep));
        double[] w = weightsOf(l, kept, l[kept[0]]);
        double sum = 0;
        for (double x : w) {
            sum += x;
        }
        double[] probs = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            probs[i] = w[i] / sum;
        }
        return new Distribution(kept, probs);
    }

    private int pick(float[] l, int n) {
        if (p.greedy()) {
            return LogitRanking.argmax(l, n);
        }
        Candidates c = truncate(l, n);
        double u = random.nextDouble();
        if (c == null) {
            double total = fillWeights(l, n, l[LogitRanking.argmax(l, n)]);
            return drawInIdOrder(u * total, n);
        }
        double r = u * c.sum();
        for (int i = 0; i < c.keep; i++) {
            r -= c.weights[i];
            if (r < 0) {
                return c.ids[i];
            }
        }
        return c.ids[c.keep - 1]; // u·sum rounded up to the sum itself
    }

    private int drawInIdOrder(double r, int n) {
        int last = 0;
        for (int i = 0; i < n; i++) {
            if (weights[i] > 0) {
                last = i;
                r -= weights[i];
                if (r < 0) {
                    return i;
                }
            }
        }
        return last;
    }

    /** Copies {@code logits[0 .. vocab)}, rejects values a model must not produce, applies penalties. */
    private float[] penalized(float[] logits, int vocab) {
        if (vocab < 1 || vocab > logits.length) {
            throw new IllegalArgumentException("vocab must be in [1, " + logits.length + "] (the logits' length), got "
                    + vocab);
        }
        if (work.length < vocab) {
            work = new float[vocab];
        }
        System.arraycopy(logits, 0, work, 0, vocab);
        // Checked in vector lanes (a scalar check per logit was a third of a choice at 262,144
        // logits); the scalar loop only runs to name the bad token.
        if (!FiniteLogits.allBelowInfinity(work, vocab)) {
            for (int i = 0; i < vocab; i++) {
                float v = work[i];
                if (Float.isNaN(v) || v == Float.POSITIVE_INFINITY) {
                    throw new IllegalArgumentException("logit of token " + i + " is " + v
                            + " (the model produced a value that is not a number or is +infinity)");
                }
            }
        }
        if (!FiniteLogits.anyAboveMinusInfinity(work, vocab)) {
            throw new IllegalArgumentException("every one of the " + vocab + " logits is -infinity: nothing to sample");
        }
        penalties.apply(work, vocab);
        return work;
    }

    /** Ranked candidates with tempered weights; {@code keep} of them survive truncation. */
    private record Candidates(int[] ids, double[] weights, int keep) {
        double sum() {
            double s = 0;
            for (int i = 0; i < keep; i++) {
                s += weights[i];
            }
            return s;
        }
    }

    /**
     * Applies top-k, then top-p, then min-p; null when none is active (the draw uses all ids).
     * Candidates are ranked, except for top-p alone (see {@link Nucleus}).
     */
    private Candidates truncate(float[] l, int n) {
        int k = p.topK() > 0 && p.topK() < n ? p.topK() : 0;
        boolean topP = p.topP() < 1;
        boolean minP = p.minP() > 0;
        if (k == 0 && !topP && !minP) {
            return null;
        }
        float best = l[LogitRanking.argmax(l, n)];
        if (k == 0 && !minP) {
            double z = fillWeights(l, n, best);
            int[] ids = Nucleus.find(l, weights, n, p.topP() * z);
            double[] w = new double[ids.length];
            for (int i = 0; i < ids.length; i++) {
                w[i] = weights[ids[i]];
            }
            return new Candidates(ids, w, ids.length);
        }
        int[] ids;
        double mass; // what top-p's fraction is taken of: all tokens still in play
        if (k > 0) {
            ids = LogitRanking.top(l, n, k);
            mass = Double.NaN;
        } else {
            // min-p keeps only tokens within T·ln(1/minP) logits of the best: a short list, found
            // without computing any probability.
            mass = topP ? fillWeights(l, n, best) : Double.NaN;
            ids = LogitRanking.atLeast(l, n, best + p.temperature() * (Math.log(p.minP()) - MIN_P_PREFILTER_SLACK));
        }
        double[] w = weightsOf(l, ids, best);
        if (k > 0) {
            mass = 0;
            for (double x : w) {
                mass += x;
            }
        }
        int keep = ids.length;
        if (topP) {
            double target = p.topP() * mass;
            double acc = 0;
            for (int i = 0; i < keep; i++) {
                acc += w[i];
                if (acc >= target) {
                    keep = i + 1;
                    break;
                }
            }
        }
        if (minP) {
            double floor = p.minP() * w[0];
            while (keep > 1 && w[keep - 1] < floor) {
                keep--;
            }
        }
        while (keep > 1 && w[keep - 1] == 0) {
            keep--; // -infinity logits (masked tokens) that top-k took in are never drawn
        }
        return new Candidates(ids, w, keep);
    }

    /**
     * Fills {@link #weights} with exp((l − best)/T) for every id and returns their sum. Doubles, and
     * relative to the best logit, so nothing overflows and sums of 262k small terms stay exact enough.
     */
    private double fillWeights(float[] l, int n, float best) {
        if (weights.length < n) {
            weights = new double[n];
        }
        double t = p.temperature();
        double z = 0;
        for (int i = 0; i < n; i++) {
            double w = Math.exp((l[i] - (double) best) / t);
            weights[i] = w;
            z += w;
        }
        return z;
    }

    private double[] weightsOf(float[] l, int[] ids, float best) {
        double t = p.temperature();
        double[] w = new double[ids.length];
        for (int i = 0; i < ids.length; i++) {
            w[i] = Math.exp((l[ids[i]] - (double) best) / t);
        }
        return w;
    }

    /** Log-softmax at temperature 1 of the penalized logits, for the chosen and the top-N tokens. */
    private static Choice describe(float[] l, int n, int token, int topN) {
        float max = l[LogitRanking.argmax(l, n)];
        double logZ = max + Math.log(VectorExp.sumExpShifted(l, n, max));
        int[] top = topN == 0 ? new int[0] : LogitRanking.top(l, n, topN);
        float[] topLp = new float[top.length];
        for (int i = 0; i < top.length; i++) {
            topLp[i] = (float) (l[top[i]] - logZ);
        }
        return new Choice(token, (float) (l[token] - logZ), top, topLp);
    }
}
