package org.pollux.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SamplerTest {
    /** Ranked: id1 (3), id3 (3), id2 (2), id0 (1), id5 (0.5), id4 (-1). */
    private static final float[] L = {1f, 3f, 2f, 3f, -1f, 0.5f};

    private static SamplingParams.Builder at(float temperature) {
        return SamplingParams.builder().temperature(temperature).noTruncation().seed(1);
    }

    private static Map<Integer, Double> dist(SamplingParams p, float[] logits) {
        return toMap(new Sampler(p).distribution(logits));
    }

    private static void assertSameDistribution(Map<Integer, Double> actual, Map<Integer, Double> expected) {
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((id, prob) -> assertThat(actual.get(id)).as("p(%d)", id).isCloseTo(prob, within(1e-12)));
    }

    private static void assertMatchesReference(SamplingParams p, float[] logits) {
        Map<Integer, Double> actual = dist(p, logits);
        Map<Integer, Double> expected = ReferenceSampling.distribution(logits, p.temperature(), p.topK(), p.topP(), p.minP());
        assertSameDistribution(actual, expected);
        assertThat(actual.keySet()).as("ranking").containsExactlyElementsOf(expected.keySet());
    }

    @Test
    void greedyTakesTheArgmaxWithTiesToTheLowestIdAndIgnoresTheSeed() {
        assertThat(new Sampler(SamplingParams.greedy(1)).sample(L)).isEqualTo(1);
        float[] masked = {Float.NEGATIVE_INFINITY, -5f, -5f};
        for (long seed = 0; seed < 5; seed++) {
            assertThat(new Sampler(SamplingParams.greedy(1).toBuilder().seed(seed).build()).sample(masked)).isEqualTo(1);
        }
    }

    @Test
    void temperatureAloneGivesTheTemperedSoftmaxOfEveryToken() {
        for (float t : new float[] {0.25f, 1f, 3f}) {
            Map<Integer, Double> d = dist(at(t).build(), L);
            double z = 0;
            for (float v : L) {
                z += Math.exp(v / (double) t);
            }
            assertThat(d).hasSize(6);
            for (int id = 0; id < L.length; id++) {
                assertThat(d.get(id)).isCloseTo(Math.exp(L[id] / (double) t) / z, within(1e-12));
            }
        }
    }

    @Test
    void topKKeepsExactlyTheKBestRenormalized() {
        Map<Integer, Double> d = dist(at(1f).topK(3).build(), L);
        double z = 2 * Math.exp(3) + Math.exp(2);
        assertSameDistribution(d, Map.of(1, Math.exp(3) / z, 3, Math.exp(3) / z, 2, Math.exp(2) / z));
        assertThat(d.keySet()).containsExactly(1, 3, 2);
        // Ties at the cut go to the lower id: with k = 1 only id 1 survives, not id 3.
        assertThat(dist(at(1f).topK(1).build(), L).keySet()).containsExactly(1);
    }

    @Test
    void topPKeepsTheSmallestPrefixReachingP() {
        // p(1) = p(3) ≈ 0.3839, so {1, 3} holds ≈ 0.7678: enough for 0.7, not for 0.8 (then id 2 joins).
        assertThat(dist(at(1f).topP(0.7f).build(), L).keySet()).containsExactly(1, 3);
        assertThat(dist(at(1f).topP(0.8f).build(), L).keySet()).containsExactly(1, 3, 2);
        assertMatchesReference(at(1f).topP(0.8f).build(), L);
        // A lower temperature sharpens: at T = 0.5, {1, 3} already holds ≈ 0.93.
        assertThat(dist(at(0.5f).topP(0.9f).build(), L).keySet()).containsExactly(1, 3);
    }

    @Test
    void topPAppliesToWhatTopKLeftRenormalized() {
        // Within the top 3, {1, 3} holds ≈ 0.845 ≥ 0.8; over the whole vocabulary it would need id 2 too.
        assertThat(dist(at(1f).topK(3).topP(0.8f).build(), L).keySet()).containsExactly(1, 3);
        assertMatchesReference(at(1f).topK(3).topP(0.8f).build(), L);
    }

    @Test
    void minPDropsTokensBelowTheFractionOfTheBest() {
        // p(2)/p(1) = e^-1 ≈ 0.37, p(0)/p(1) = e^-2 ≈ 0.135, p(5)/p(1) = e^-2.5 ≈ 0.082.
        assertThat(dist(at(1f).minP(0.2f).build(), L).keySet()).containsExactly(1, 3, 2);
        assertThat(dist(at(1f).minP(0.1f).build(), L).keySet()).containsExactly(1, 3, 2, 0);
        assertMatchesReference(at(1f).minP(0.1f).build(), L);
        // The ratio depends on the temperature: at T = 2, p(5)/p(1) = e^-1.25 ≈ 0.29 passes 0.2.
        assertThat(dist(at(2f).minP(0.2f).build(), L).keySet()).containsExactly(1, 3, 2, 0, 5);
    }

    @Test
    void minPComesAfterTopP() {
        // top-p 0.8 over all tokens keeps {1, 3, 2}; min-p 0.2 keeps the same. Min-p first would
        // renormalize over {1, 3, 2}, where {1, 3} alone reaches 0.8.
        assertThat(dist(at(1f).topP(0.8f).minP(0.2f).build(), L).keySet()).containsExactly(1, 3, 2);
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsInTheWindowOnce() {
        SamplingParams p = at(1f).repetitionPenalty(2f).repetitionWindow(3).build();
        Sampler s = new Sampler(p);
        s.setHistory(new int[] {3, 4, 1});
        s.accept(5);
        s.accept(1); // window: 1, 5, 1 → ids 1 and 5, each penalized once; 3 and 4 have left it
        float[] penalized = {1f, 1.5f, 2f, 3f, -1f, 0.25f};
        assertSameDistribution(toMap(s.distribution(L)), ReferenceSampling.distribution(penalized, 1, 0, 1, 0));
        Sampler neg = new Sampler(p);
        neg.setHistory(new int[] {4});
        assertSameDistribution(toMap(neg.distribution(L)),
                ReferenceSampling.distribution(new float[] {1f, 3f, 2f, 3f, -2f, 0.5f}, 1, 0, 1, 0));
    }

    @Test
    void presenceAndFrequencyPenaltiesCountGeneratedTokensOnly() {
        SamplingParams p = at(1f).presencePenalty(0.5f).frequencyPenalty(0.25f).build();
        Sampler s = new Sampler(p);
        s.setHistory(new int[] {1, 1, 1}); // the prompt does not count
        s.accept(2);
        s.accept(2);
        s.accept(0);
        // id 2: 2 − 0.5 − 2·0.25 = 1; id 0: 1 − 0.5 − 0.25 = 0.25.
        float[] penalized = {0.25f, 3f, 1f, 3f, -1f, 0.5f};
        assertSameDistribution(toMap(s.distribution(L)), ReferenceSampling.distribution(penalized, 1, 0, 1, 0));
    }

    @Test
    void penaltiesCanChangeTheGreedyChoice() {
        Sampler s = new Sampler(SamplingParams.greedy(1).toBuilder().frequencyPenalty(1.5f).build());
        assertThat(s.sample(L)).isEqualTo(1);
        s.accept(1);
        s.accept(3);
        assertThat(s.sample(L)).isEqualTo(2); // ids 1 and 3 fall from 3 to 1.5, below id 2's 2
    }

    @Test
    void logprobsAreTheLogSoftmaxOfThePenalizedLogits() {
        double[] ref = ReferenceSampling.logSoftmax(new double[] {1, 3, 2, 3, -1, 0.5});
        Sampler.Choice c = new Sampler(SamplingParams.greedy(1)).choose(L, 3);
        assertThat(c.token()).isEqualTo(1);
        assertThat((double) c.logprob()).isCloseTo(ref[1], within(1e-6));
        assertThat(c.topTokens()).containsExactly(1, 3, 2);
        for (int i = 0; i < 3; i++) {
            assertThat((double) c.topLogprobs()[i]).isCloseTo(ref[c.topTokens()[i]], within(1e-6));
        }
        // Temperature and truncation do not change the reported values.
        Sampler.Choice hot = new Sampler(at(5f).topK(2).build()).choose(L, 0);
        assertThat((double) hot.logprob()).isCloseTo(ref[hot.token()], within(1e-6));
        assertThat(hot.topTokens()).isEmpty();
    }

    @Test
    void sameSeedSameDrawsDifferentSeedDifferentDraws() {
        for (SamplingParams base : new SamplingParams[] {at(1f).build(), at(1f).topK(4).build(),
                at(1f).topP(0.95f).build(), at(1f).minP(0.01f).build()}) {
            int[] a = draws(base, 200);
            assertThat(draws(base, 200)).isEqualTo(a);
            assertThat(draws(base.toBuilder().seed(2).build(), 200)).isNotEqualTo(a);
        }
    }

    @Test
    void drawFrequenciesFollowTheDistribution() {
        for (SamplingParams p : new SamplingParams[] {at(1f).build(), at(1f).topK(3).build()}) {
            int n = 60_000;
            int[] counts = new int[L.length];
            for (int t : draws(p, n)) {
                counts[t]++;
            }
            dist(p, L).forEach((id, prob) -> assertThat(counts[id] / (double) n).isCloseTo(prob, within(0.01)));
        }
    }

    @Test
    void largeVocabularyMatchesTheFullSortReference() {
        Random r = new Random(42);
        float[] logits = new float[262_144];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (r.nextGaussian() * 3);
        }
        logits[7] = 25f;
        logits[70_000] = 24f;
        assertMatchesReference(at(1f).topP(0.9f).build(), logits);
        assertMatchesReference(at(4f).topP(0.5f).build(), logits); // flat: a large nucleus
        assertMatchesReference(at(1.5f).topP(0.99f).build(), logits); // most of the vocabulary
        assertMatchesReference(at(1f).minP(0.05f).build(), logits);
        assertMatchesReference(at(1.3f).topK(50).topP(0.95f).build(), logits);
        assertMatchesReference(at(0.8f).topK(40).topP(0.95f).minP(0.05f).build(), logits);
        assertThat(dist(at(1f).build(), logits)).hasSize(logits.length);
    }

    @Test
    void maskedTokensAreNeverDrawn() {
        float[] l = {Float.NEGATIVE_INFINITY, 0f, Float.NEGATIVE_INFINITY, 0f};
        for (SamplingParams p : new SamplingParams[] {at(1f).build(), at(1f).topK(4).build()}) {
            assertThat(draws(p, 500, l)).containsOnly(1, 3);
        }
    }

    @Test
    void samplingStaysInsideTheGivenVocabulary() {
        float[] l = {0f, 0f, 9f};
        Sampler.Choice c = new Sampler(at(1f).build()).choose(l, 2, 1);
        assertThat(c.token()).isBetween(0, 1);
        assertThat(c.topTokens()).containsExactly(0);
        assertThatThrownBy(() -> new Sampler(at(1f).build()).choose(l, 4, 0))
                .hasMessage("vocab must be in [1, 3] (the logits' length), got 4");
    }

    @Test
    void invalidLogitsAreNamed() {
        Sampler s = new Sampler(SamplingParams.greedy(1));
        assertThatThrownBy(() -> s.sample(new float[] {0f, 1f, Float.NaN}))
                .hasMessageStartingWith("logit of token 2 is NaN");
        assertThatThrownBy(() -> s.sample(new float[] {Float.POSITIVE_INFINITY}))
                .hasMessageStartingWith("logit of token 0 is Infinity");
        assertThatThrownBy(() -> s.sample(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}))
                .hasMessage("every one of the 2 logits is -infinity: nothing to sample");
    }

    @Test
    void invalidLogitsAreFoundInVectorLanesToo() {
        Sampler s = new Sampler(SamplingParams.greedy(1));
        float[] l = new float[1000];
        l[777] = Float.NaN;
        assertThatThrownBy(() -> s.sample(l)).hasMessageStartingWith("logit of token 777 is NaN");
        l[777] = 0f;
        l[40] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> s.sample(l)).hasMessageStartingWith("logit of token 40 is Infinity");
        java.util.Arrays.fill(l, Float.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> s.sample(l)).hasMessage("every one of the 1000 logits is -infinity: nothing to sample");
        l[998] = -1e30f;
        assertThat(s.sample(l)).isEqualTo(998);
    }

    @Test
    void topKEqualsAFullSortWithTiesToTheLowerId() {
        java.util.Random r = new java.util.Random(3);
        for (int round = 0; round < 50; round++) {
            int n = 1 + r.nextInt(3000);
            float[] l = new float[n];
            for (int i = 0; i < n; i++) {
                l[i] = r.nextInt(40) - 20; // many ties
            }
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (a, b) -> l[a] != l[b] ? Float.compare(l[b], l[a]) : Integer.compare(a, b));
            int k = 1 + r.nextInt(100);
            int[] want = new int[Math.min(k, n)];
            for (int i = 0; i < want.length; i++) {
                want[i] = order[i];
            }
            assertThat(LogitRanking.top(l, n, k)).as("n=%d k=%d", n, k).containsExactly(want);
        }
    }

    @Test
    void theCallersLogitsAreNotModified() {
        float[] l = L.clone();
        Sampler s = new Sampler(at(1f).repetitionPenalty(3f).presencePenalty(1f).build());
        s.setHistory(new int[] {1, 2});
        s.accept(3);
        s.choose(l, 2);
        assertThat(l).isEqualTo(L);
    }

    private static int[] draws(SamplingParams p, int n) {
        return draws(p, n, L);
    }

    private static int[] draws(SamplingParams p, int n, float[] logits) {
        Sampler s = new Sampler(p);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = s.sample(logits);
        }
        return out;
    }

    private static Map<Integer, Double> toMap(Sampler.Distribution d) {
        Map<Integer, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < d.ids().length; i++) {
            m.put(d.ids()[i], d.probs()[i]);
        }
        return m;
    }
}
