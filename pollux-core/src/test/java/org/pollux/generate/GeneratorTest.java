package org.pollux.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pollux.model.KvCache;

class GeneratorTest {
    private final ToyModel model = new ToyModel(64);
    private final Generator gen = new Generator(model, new ByteTokenizer());

    private GenerationResult run(int[] prompt, SamplingParams p, TokenStreamListener l) {
        return gen.generate(GenerationRequest.of(prompt, p, Set.of()), l);
    }

    @Test
    void greedyFollowsTheModelsFavourite() {
        GenerationResult r = run(new int[] {'a'}, SamplingParams.greedy(4), TokenStreamListener.NONE);
        // After 'a' (97) at position 0 the favourite is 98; then 98 at p1 → 98+1+1=100; 100 at p2 → 103; 103 at p3 → 104.
        assertThat(r.tokens()).containsExactly(98, 100, 103, 104);
        assertThat(r.finishReason()).isEqualTo(FinishReason.MAX_TOKENS);
        assertThat(r.text()).isEqualTo("bdgh");
    }

    @Test
    void seededSamplingIsReproducibleAndSeedsDiffer() {
        SamplingParams p = SamplingParams.builder().temperature(5f).topK(0).topP(1f).minP(0f).maxTokens(30).seed(7).build();
        int[] a = run(new int[] {1}, p, TokenStreamListener.NONE).tokens();
        int[] b = run(new int[] {1}, p, TokenStreamListener.NONE).tokens();
        int[] c = run(new int[] {1}, p.toBuilder().seed(8).build(), TokenStreamListener.NONE).tokens();
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void stopTokenEndsWithoutBeingEmitted() {
        GenerationResult r = gen.generate(GenerationRequest.of(new int[] {'a'}, SamplingParams.greedy(10), Set.of(103)),
                TokenStreamListener.NONE);
        assertThat(r.tokens()).containsExactly(98, 100);
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void stopSequenceAcrossTokensIsCutAndNeverStreamed() {
        SamplingParams p = SamplingParams.greedy(10).toBuilder().stopSequences(List.of("dg")).build();
        StringBuilder streamed = new StringBuilder();
        GenerationResult r = run(new int[] {'a'}, p, new TokenStreamListener() {
            @Override public void onText(String t) { streamed.append(t); }
        });
        assertThat(r.text()).isEqualTo("b");
        assertThat(streamed.toString()).isEqualTo("b");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void cancellationFromTheListenerStopsPromptly() {
        CancellationToken cancel = new CancellationToken();
        GenerationRequest req = new GenerationRequest(new int[] {'a'}, SamplingParams.greedy(50), null, Set.of(), cancel, 512, 0);
        List<Integer> seen = new ArrayList<>();
        GenerationResult r = gen.generate(req, new TokenStreamListener() {
            @Override public void onToken(Sampler.Choice c) {
                seen.add(c.token());
                if (seen.size() == 3) {
                    cancel.cancel();
                }
            }
        });
        assertThat(r.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(r.tokens()).hasSize(3);
    }

    @Test
    void continuingACacheEqualsOneLongGeneration() {
        GenerationResult whole = run(new int[] {'a'}, SamplingParams.greedy(6), TokenStreamListener.NONE);
        KvCache cache = model.newCache(64);
        GenerationResult first = gen.generate(new GenerationRequest(new int[] {'a'}, SamplingParams.greedy(3), cache,
                Set.of(), null, 512, 0), TokenStreamListener.NONE);
        assertThat(cache.position()).isEqualTo(4);
        // Continue with the last generated token as the "prompt" of the next call: the cache holds the rest.
        cache.truncate(3);
        GenerationResult second = gen.generate(new GenerationRequest(new int[] {first.tokens()[2]},
                SamplingParams.greedy(3), cache, Set.of(), null, 512, 0), TokenStreamListener.NONE);
        int[] joined = new int[6];
        System.arraycopy(first.tokens(), 0, joined, 0, 3);
        System.arraycopy(second.tokens(), 0, joined, 3, 3);
        assertThat(joined).isEqualTo(whole.tokens());
    }

    @Test
    void contextFullEndsGeneration() {
        Generator small = new Generator(new ToyModel(5), new ByteTokenizer());
        GenerationResult r = small.generate(GenerationRequest.of(new int[] {'a', 'b'}, SamplingParams.greedy(100), Set.of()),
                TokenStreamListener.NONE);
        assertThat(r.finishReason()).isEqualTo(FinishReason.CONTEXT_FULL);
        assertThat(r.tokens()).hasSize(3);
    }

    @Test
    void promptOverTheContextIsRejectedBeforeAnyWork() {
        assertThatThrownBy(() -> run(new int[100], SamplingParams.greedy(1), TokenStreamListener.NONE))
                .hasMessage("prompt has 100 tokens, the model's context is 64");
        assertThat(model.forwardCalls).isZero();
    }

    @Test
    void prefillInChunksGivesTheSameResult() {
        int[] prompt = {'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd'};
        GenerationResult one = run(prompt, SamplingParams.greedy(5), TokenStreamListener.NONE);
        GenerationResult chunked = gen.generate(new GenerationRequest(prompt, SamplingParams.greedy(5), null, Set.of(),
                null, 3, 0), TokenStreamListener.NONE);
        assertThat(chunked.tokens()).isEqualTo(one.tokens());
    }
}
