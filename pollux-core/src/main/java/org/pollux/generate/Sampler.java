package org.pollux.generate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits: penalties, then temperature, top-k, min-p, top-p, then a
 * seeded draw; greedy (argmax, ties to the lowest id) when the temperature is 0.
 *
 * <p>Only the candidates that can matter are sorted: with top-k a partial selection keeps K; without
 * it, tokens more than {@link #NEGLIGIBLE_LOGIT_GAP} below the best are dropped first (their total
 * probability is below 1e-13 even over a 262k vocabulary), so a step costs O(V) plus a small sort.
 * One sampler serves one sequence: it owns the random stream and the penalty counts.
 */
public final class Sampler {
    static final float NEGLIGIBLE_LOGIT_GAP = 50f;

    private final SamplingParams p;
    private final SplittableRandom random;
    private final Map<Integer, Integer> generatedCounts = new HashMap<>();
    private int[] recent = new int[0];

    public Sampler(SamplingParams params) {
        this.p = params;
        this.random = new SplittableRandom(params.seed());
    }

    /** The chosen token, its log-probability and the most likely alternatives (for logprobs). */
    public record Choice(int token, float logprob, int[] topTokens, float[] topLogprobs) {}

    /** Sets the tokens the repetition penalty looks back on (e.g. the prompt) before sampling starts. */
    public void setHistory(int[] tokens) {
        int keep = Math.min(tokens.length, p.repetitionWindow());
        recent = Arrays.copyOfRange(tokens, tokens.length - keep, tokens.length);
    }

    /** Records a generated token, for the penalties. */
    public void accept(int token) {
        generatedCounts.merge(token, 1, Integer::sum);
        if (p.repetitionWindow() > 0) {
            int keep = Math.min(recent.length + 1, p.repetitionWindow());
            int[] r = new int[keep];
            System.arraycopy(recent, recent.length - (keep - 1), r, 0, keep - 1);
            r[keep - 1] = token;
            recent = r;
        }
    }

    /** Samples from {@code logits[0 .. vocab)}; does not modify the array. */
    public int sample(float[] logits) {
        return choose(logits, 0).token();
    }

    /**
     * Samples and reports log-probabilities (of the penalized distribution at temperature 1) of
     * the chosen token and of the {@code topN} most likely tokens.
     */
    public Choice choose(float[] logits, int topN) {
        float[] l = logits.clone();
        applyPenalties(l);
        int token = p.temperature() == 0 ? argmax(l) : draw(l);
        return describe(l, token, topN);
    }

    private void applyPenalties(float[] l) {
        if (p.repetitionPenalty() != 1f) {
            boolean[] seen = new boolean[l.length];
            for (int t : recent) {
                if (!seen[t]) {
                    seen[t] = true;
                    l[t] = l[t] > 0 ? l[t] / p.repetitionPenalty() : l[t] * p.repetitionPenalty();
                }
            }
        }
        if (p.presencePenalty() != 0 || p.frequencyPenalty() != 0) {
            for (Map.Entry<Integer, Integer> e : generatedCounts.entrySet()) {
                l[e.getKey()] -= p.presencePenalty() + p.frequencyPenalty() * e.getValue();
            }
        }
    }

    static int argmax(float[] l) {
        int best = 0;
        for (int i = 1; i < l.length; i++) {
            if (l[i] > l[best]) {
                best = i;
            }
        }
        return best;
    }

    private int draw(float[] l) {
        int[] cand = candidates(l);
        // Probabilities of the candidates at the sampling temperature, in double for stable sums.
        double max = l[cand[0]];
        double[] prob = new double[cand.length];
        double sum = 0;
        for (int i = 0; i < cand.length; i++) {
            prob[i] = Math.exp((l[cand[i]] - max) / p.temperature());
            sum += prob[i];
        }
        int n = cand.length;
        if (p.minP() > 0) {
            double floor = p.minP() * prob[0];
            while (n > 1 && prob[n - 1] < floor) {
                sum -= prob[--n];
            }
        }
        if (p.topP() < 1) {
            double acc = 0;
            for (int i = 0; i < n; i++) {
                acc += prob[i];
                if (acc >= p.topP() * sum) {
                    n = i + 1;
                    break;
                }
            }
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += prob[i];
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < n; i++) {
            r -= prob[i];
            if (r < 0) {
                return cand[i];
            }
        }
        return cand[n - 1];
    }

    /** Candidate ids sorted by logit, descending (ties: lower id first). */
    int[] candidates(float[] l) {
        float max = l[argmax(l)];
        float floor = max - NEGLIGIBLE_LOGIT_GAP * Math.max(1f, p.temperature());
        int k = p.topK() > 0 ? Math.min(p.topK(), l.length) : l.length;
        // A min-heap of the best k ids seen so far: O(V log k), no boxing.
        int[] heap = new int[k];
        int size = 0;
        for (int i = 0; i < l.length; i++) {
            if (l[i] < floor) {
                continue;
            }
            if (size < k) {
                heap[size] = i;
                siftUp(heap, size++, l);
            } else if (better(i, heap[0], l)) {
                heap[0] = i;
                siftDown(heap, size, l);
            }
        }
        int[] out = new int[size];
        for (int n = size; n > 0; n--) {
            out[n - 1] = heap[0];
            heap[0] = heap[n - 1];
            siftDown(heap, n - 1, l);
        }
        return out;
    }

    /** Whether id a ranks above id b: larger logit, then lower id. */
    private static boolean better(int a, int b, float[] l) {
        return l[a] > l[b] || (l[a] == l[b] && a < b);
    }

    private static void siftUp(int[] h, int i, float[] l) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!better(h[parent], h[i], l)) {
                break;
            }
            int t = h[parent];
            h[parent] = h[i];
            h[i] = t;
            i = parent;
        }
    }

    private static void siftDown(int[] h, int size, float[] l) {
        int i = 0;
        while (true) {
            int a = 2 * i + 1;
            int b = a + 1;
            int worst = i;
            if (a < size && better(h[worst], h[a], l)) {
                worst = a;
            }
            if (b < size && better(h[worst], h[b], l)) {
                worst = b;
            }
            if (worst == i) {
                return;
            }
            int t = h[worst];
            h[worst] = h[i];
            h[i] = t;
            i = worst;
        }
    }

    private static Choice describe(float[] l, int token, int topN) {
        double max = l[argmax(l)];
        double sum = 0;
        for (float v : l) {
            sum += Math.exp(v - max);
        }
        double logZ = max + Math.log(sum);
        int n = Math.min(topN, l.length);
        int[] top = new int[n];
        float[] topLp = new float[n];
        if (n > 0) {
            boolean[] taken = new boolean[l.length];
            for (int i = 0; i < n; i++) {
                int best = -1;
                for (int t = 0; t < l.length; t++) {
                    if (!taken[t] && (best < 0 || l[t] > l[best])) {
                        best = t;
                    }
                }
                taken[best] = true;
                top[i] = best;
                topLp[i] = (float) (l[best] - logZ);
            }
        }
        return new Choice(token, (float) (l[token] - logZ), top, topLp);
    }
}
