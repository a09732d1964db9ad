package org.pollux.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final float[] LOGITS = {1f, 3f, 2f, 3f, -1f, 0.5f};

    private static Map<Integer, Double> frequencies(SamplingParams p, int draws) {
        Sampler s = new Sampler(p);
        Map<Integer, Double> f = new HashMap<>();
        for (int i = 0; i < draws; i++) {
            f.merge(s.sample(LOGITS), 1.0 / draws, Double::sum);
        }
        return f;
    }

    /** Float64 softmax of the given ids at temperature t, renormalized over those ids. */
    private static double prob(int id, int[] kept, double t) {
        double sum = 0;
        for (int k : kept) {
            sum += Math.exp(LOGITS[k] / t);
        }
        return Math.exp(LOGITS[id] / t) / sum;
    }

    @Test
    void greedyTakesTheLowestIdAmongTies() {
        assertThat(new Sampler(SamplingParams.greedy(1)).sample(LOGITS)).isEqualTo(1);
    }

    @Test
    void topKKeepsExactlyTheKBest() {
        SamplingParams p = SamplingParams.builder().temperature(1f).topK(3).topP(1f).minP(0f).seed(1).build();
        Map<Integer, Double> f = frequencies(p, 40_000);
        assertThat(f.keySet()).containsExactlyInAnyOrder(1, 2, 3);
        int[] kept = {1, 2, 3};
        for (int id : kept) {
            assertThat(f.get(id)).isCloseTo(prob(id, kept, 1), Offset.offset(0.01));
        }
    }

    @Test
    void topPKeepsTheSmallestSetReachingP() {
        // Probabilities: ids 1 and 3 ≈ 0.39 each, id 2 ≈ 0.14: 1+3 reach 0.78 < 0.8, so 2 joins.
        SamplingParams p = SamplingParams.builder().temperature(1f).topK(0).topP(0.8f).minP(0f).seed(2).build();
        assertThat(frequencies(p, 20_000).keySet()).containsExactlyInAnyOrder(1, 2, 3);
        SamplingParams q = p.toBuilder().topP(0.7f).build();
        assertThat(frequencies(q, 20_000).keySet()).containsExactlyInAnyOrder(1, 3);
    }

    @Test
    void minPDropsTokensBelowTheFractionOfTheBest() {
        // p(2)/p(1) = e^-1 ≈ 0.37; p(0)/p(1) = e^-2 ≈ 0.135.
        SamplingParams p = SamplingParams.builder().temperature(1f).topK(0).topP(1f).minP(0.2f).seed(3).build();
        assertThat(frequencies(p, 20_000).keySet()).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void penaltiesChangeTheLogitsAsSpecified() {
        SamplingParams p = SamplingParams.builder().temperature(0f).repetitionPenalty(2f).repetitionWindow(8)
                .presencePenalty(0.5f).frequencyPenalty(0.25f).build();
        Sampler s = new Sampler(p);
        s.setHistory(new int[] {1});
        s.accept(3);
        s.accept(3);
        // id 1: 3/2 = 1.5; id 3: 3/2 − 0.5 − 0.5 = 0.5; id 2 stays 2 → greedy picks 2.
        assertThat(s.sample(LOGITS)).isEqualTo(2);
        Sampler.Choice c = s.choose(LOGITS, 2);
        double[] penalized = {1, 1.5, 2, 0.5, -1, 0.5};
        double z = 0;
        for (double v : penalized) {
            z += Math.exp(v);
        }
        assertThat((double) c.logprob()).isCloseTo(2 - Math.log(z), Offset.offset(1e-5));
        assertThat(c.topTokens()).containsExactly(2, 1);
    }

    @Test
    void invalidParametersAreNamed() {
        assertThatThrownBy(() -> SamplingParams.builder().topP(0f).build()).hasMessageContaining("topP");
        assertThatThrownBy(() -> SamplingParams.builder().temperature(-1f).build()).hasMessageContaining("temperature");
        assertThatThrownBy(() -> SamplingParams.builder().maxTokens(0).build()).hasMessageContaining("maxTokens");
    }
}
