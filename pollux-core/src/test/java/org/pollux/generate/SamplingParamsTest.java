package org.pollux.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class SamplingParamsTest {
    private static void rejects(UnaryOperator<SamplingParams.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(SamplingParams.builder()).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void everyInvalidValueIsNamedWithItsRangeAndValue() {
        rejects(b -> b.temperature(-0.5f), "temperature must be a finite number >= 0 (0 = greedy), got -0.5");
        rejects(b -> b.temperature(Float.NaN), "temperature must be a finite number >= 0 (0 = greedy), got NaN");
        rejects(b -> b.topK(-1), "topK must be >= 0 (0 = off), got -1");
        rejects(b -> b.topP(0f), "topP must be in (0, 1] (1 = off), got 0.0");
        rejects(b -> b.topP(1.5f), "topP must be in (0, 1] (1 = off), got 1.5");
        rejects(b -> b.minP(1f), "minP must be in [0, 1) (0 = off), got 1.0");
        rejects(b -> b.repetitionPenalty(0f), "repetitionPenalty must be a finite number > 0 (1 = off), got 0.0");
        rejects(b -> b.repetitionWindow(-2), "repetitionWindow must be >= 0, got -2");
        rejects(b -> b.presencePenalty(Float.POSITIVE_INFINITY), "presencePenalty must be a finite number, got Infinity");
        rejects(b -> b.frequencyPenalty(Float.NaN), "frequencyPenalty must be a finite number, got NaN");
        rejects(b -> b.maxTokens(0), "maxTokens must be >= 1, got 0");
        rejects(b -> b.stopSequences(List.of("ok", "")), "stop sequence 1 is empty");
        rejects(b -> b.stopSequences(Arrays.asList("ok", null)), "stop sequence 1 is null");
        rejects(b -> b.stopTokenIds(Set.of(3, -1)), "stop token ids must be >= 0, got -1");
    }

    @Test
    void defaultsAreLlamaCppsAndToBuilderRoundTrips() {
        SamplingParams d = SamplingParams.builder().build();
        assertThat(d).isEqualTo(new SamplingParams(0.8f, 40, 0.95f, 0.05f, 1f, 64, 0f, 0f, 0L, 256, List.of(), Set.of()));
        SamplingParams custom = SamplingParams.builder().temperature(0.3f).topK(5).topP(0.5f).minP(0.1f)
                .repetitionPenalty(1.1f).repetitionWindow(8).presencePenalty(0.2f).frequencyPenalty(-0.1f).seed(99)
                .maxTokens(7).stopSequences(List.of("\n\n")).stopTokenIds(Set.of(1, 106)).build();
        assertThat(custom.toBuilder().build()).isEqualTo(custom);
        assertThat(SamplingParams.greedy(3).greedy()).isTrue();
        assertThat(custom.greedy()).isFalse();
    }

    @Test
    void collectionsAreCopied() {
        List<String> stops = new ArrayList<>(List.of("a"));
        Set<Integer> ids = new HashSet<>(Set.of(1));
        SamplingParams p = SamplingParams.builder().stopSequences(stops).stopTokenIds(ids).build();
        stops.add("b");
        ids.add(2);
        assertThat(p.stopSequences()).containsExactly("a");
        assertThat(p.stopTokenIds()).containsExactly(1);
    }
}
