package org.pollux.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pollux.model.KvCache;

class GeneratorTest {
    private final ToyModel model = new ToyModel(64);
    private final Generator gen = new Generator(model, new ByteTokenizer());

    /** Records everything a listener sees. */
    private static class Recorder implements TokenStreamListener {
        final List<String> pieces = new ArrayList<>();
        final List<Sampler.Choice> choices = new ArrayList<>();
        final List<GenerationResult> completions = new ArrayList<>();

        @Override public void onText(String text) { pieces.add(text); }
        @Override public void onToken(Sampler.Choice choice) { choices.add(choice); }
        @Override public void onComplete(GenerationResult result) { completions.add(result); }

        String streamed() {
            return String.join("", pieces);
        }
    }

    private static int[] bytes(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            ids[i] = b[i] & 0xFF;
        }
        return ids;
    }

    private static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] out = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private GenerationResult run(int[] prompt, SamplingParams p, TokenStreamListener l) {
        return gen.generate(GenerationRequest.of(prompt, p, Set.of()), l);
    }

    @Test
    void greedyIsDeterministicAndFollowsTheModel() {
        Recorder rec = new Recorder();
        GenerationResult r = run(bytes("a"), SamplingParams.greedy(4), rec);
        // After 'a' (97) at position 0 the favourite is 98; 98 at p1 → 100; 100 at p2 → 103; 103 at p3 → 104.
        assertThat(r.tokens()).containsExactly(98, 100, 103, 104);
        assertThat(r.text()).isEqualTo("bdgh");
        assertThat(r.finishReason()).isEqualTo(FinishReason.MAX_TOKENS);
        assertThat(r.promptTokens()).isEqualTo(1);
        assertThat(r.generatedTokens()).isEqualTo(4);
        assertThat(rec.streamed()).isEqualTo("bdgh");
        assertThat(rec.choices).extracting(Sampler.Choice::token).containsExactly(98, 100, 103, 104);
        assertThat(rec.completions).containsExactly(r);
        assertThat(r.cache().position()).isEqualTo(5); // prompt + every generated token
        assertThat(run(bytes("a"), SamplingParams.greedy(4), TokenStreamListener.NONE).tokens()).isEqualTo(r.tokens());
    }

    @Test
    void seededSamplingIsReproducibleAndSeedsDiffer() {
        SamplingParams p = SamplingParams.builder().temperature(1.5f).noTruncation().maxTokens(30).seed(7).build();
        GenerationResult a = run(bytes("x"), p, TokenStreamListener.NONE);
        assertThat(run(bytes("x"), p, TokenStreamListener.NONE).tokens()).isEqualTo(a.tokens());
        assertThat(run(bytes("x"), p.toBuilder().seed(8).build(), TokenStreamListener.NONE).tokens())
                .isNotEqualTo(a.tokens());
    }

    @Test
    void stopTokenEndsWithoutBeingEmittedOrCached() {
        Recorder rec = new Recorder();
        GenerationResult r = gen.generate(GenerationRequest.of(bytes("a"), SamplingParams.greedy(10), Set.of(103)), rec);
        assertThat(r.tokens()).containsExactly(98, 100);
        assertThat(r.text()).isEqualTo("bd");
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(rec.choices).hasSize(2);
        assertThat(r.cache().position()).isEqualTo(3);
    }

    @Test
    void stopTokenIdsOfTheSamplingParamsCountToo() {
        SamplingParams p = SamplingParams.greedy(10).toBuilder().stopTokenIds(Set.of(104)).build();
        GenerationResult r = gen.generate(GenerationRequest.of(bytes("a"), p, Set.of(7)), TokenStreamListener.NONE);
        assertThat(r.tokens()).containsExactly(98, 100, 103);
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void stopSequenceAcrossTokensIsCutAndNeverStreamed() {
        Recorder rec = new Recorder();
        GenerationResult r = run(bytes("a"), SamplingParams.greedy(10).toBuilder().stopSequences(List.of("dg")).build(), rec);
        assertThat(r.text()).isEqualTo("b");
        assertThat(rec.pieces).containsExactly("b");
        assertThat(r.tokens()).containsExactly(98, 100, 103); // the tokens that spelled the stop were generated
        assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void heldBackTextIsReleasedWhenItIsNotAStop() {
        Recorder rec = new Recorder();
        GenerationResult r = run(bytes("a"), SamplingParams.greedy(4).toBuilder().stopSequences(List.of("dx")).build(), rec);
        // 'd' could start "dx": held until 'g' shows it does not.
        assertThat(rec.pieces).containsExactly("b", "dg", "h");
        assertThat(r.text()).isEqualTo("bdgh");
        assertThat(r.finishReason()).isEqualTo(FinishReason.MAX_TOKENS);
    }

    @Test
    void heldBackTextIsReleasedAtTheEnd() {
        Recorder rec = new Recorder();
        GenerationResult r = run(bytes("a"), SamplingParams.greedy(2).toBuilder().stopSequences(List.of("dx")).build(), rec);
        assertThat(rec.pieces).containsExactly("b", "d");
        assertThat(r.text()).isEqualTo("bd");
    }

    @Test
    void multiByteCharactersStreamWholeAndStopSequencesMatchThem() {
        int[] script = bytes("x😀y€z");
        Generator g = new Generator(ToyModel.scripted(64, script), new ByteTokenizer());
        Recorder rec = new Recorder();
        GenerationResult r = g.generate(GenerationRequest.of(new int[] {1}, SamplingParams.greedy(script.length), Set.of()), rec);
        assertThat(rec.pieces).containsExactly("x", "😀", "y", "€", "z");
        assertThat(r.text()).isEqualTo("x😀y€z");
        SamplingParams stopAtEuro = SamplingParams.greedy(script.length).toBuilder().stopSequences(List.of("€")).build();
        Recorder rec2 = new Recorder();
        GenerationResult s = g.generate(GenerationRequest.of(new int[] {1}, stopAtEuro, Set.of()), rec2);
        assertThat(s.text()).isEqualTo("x😀y");
        assertThat(rec2.streamed()).isEqualTo("x😀y");
        assertThat(s.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void aFullContextEndsGeneration() {
        Generator small = new Generator(new ToyModel(5), new ByteTokenizer());
        GenerationResult r = small.generate(GenerationRequest.of(bytes("ab"), SamplingParams.greedy(100), Set.of()),
                TokenStreamListener.NONE);
        assertThat(r.finishReason()).isEqualTo(FinishReason.CONTEXT_FULL);
        assertThat(r.tokens()).hasSize(3);
        assertThat(r.cache().position()).isEqualTo(5);
        // A prompt that fills the context exactly still yields one token (not fed: there is no room).
        GenerationResult full = small.generate(GenerationRequest.of(bytes("abcde"), SamplingParams.greedy(100), Set.of()),
                TokenStreamListener.NONE);
        assertThat(full.tokens()).hasSize(1);
        assertThat(full.finishReason()).isEqualTo(FinishReason.CONTEXT_FULL);
    }

    @Test
    void cancellationFromTheListenerStopsBeforeTheNextStep() {
        CancellationToken cancel = new CancellationToken();
        GenerationRequest req = GenerationRequest.of(bytes("a"), SamplingParams.greedy(50), Set.of()).withCancellation(cancel);
        Recorder rec = new Recorder() {
            @Override public void onToken(Sampler.Choice c) {
                super.onToken(c);
                if (choices.size() == 3) {
                    cancel.cancel();
                }
            }
        };
        GenerationResult r = gen.generate(req, rec);
        assertThat(r.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(r.tokens()).containsExactly(98, 100, 103);
        assertThat(r.text()).isEqualTo("bdg");
        assertThat(rec.completions).containsExactly(r);
    }

    @Test
    void cancellationFromAnotherThreadEndsTheLoopPromptly() throws Exception {
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        model.beforeForward = call -> {
            if (call == 4) { // call 1 is the prefill; call 4 feeds the third generated token
                reached.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        CancellationToken cancel = new CancellationToken();
        GenerationRequest req = GenerationRequest.of(bytes("a"), SamplingParams.greedy(50), Set.of()).withCancellation(cancel);
        CompletableFuture<GenerationResult> running = CompletableFuture.supplyAsync(() -> gen.generate(req, TokenStreamListener.NONE));
        assertThat(reached.await(10, TimeUnit.SECONDS)).isTrue();
        cancel.cancel();
        release.countDown();
        GenerationResult r = running.get(10, TimeUnit.SECONDS);
        assertThat(r.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(r.tokens()).hasSize(3);
        assertThat(model.forwardCalls).isEqualTo(4);
    }

    @Test
    void cancellationBeforeTheStartOrDuringPrefillDoesNoFurtherWork() {
        CancellationToken early = new CancellationToken();
        early.cancel();
        GenerationResult r = gen.generate(GenerationRequest.of(bytes("hello"), SamplingParams.greedy(5), Set.of())
                .withCancellation(early), TokenStreamListener.NONE);
        assertThat(r.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(r.tokens()).isEmpty();
        assertThat(model.forwardCalls).isZero();

        CancellationToken mid = new CancellationToken();
        model.beforeForward = call -> mid.cancel();
        GenerationResult m = gen.generate(GenerationRequest.of(bytes("hello world"), SamplingParams.greedy(5), Set.of())
                .withCancellation(mid).withPrefillChunk(3), TokenStreamListener.NONE);
        assertThat(m.finishReason()).isEqualTo(FinishReason.CANCELLED);
        assertThat(model.forwardCalls).isEqualTo(1);
    }

    @Test
    void continuingACacheEqualsOneLongGeneration() {
        SamplingParams turn1 = SamplingParams.builder().temperature(1.5f).noTruncation().maxTokens(5).seed(3).build();
        SamplingParams turn2 = turn1.toBuilder().maxTokens(6).seed(9).build();
        int[] a = bytes("hi");
        int[] b = bytes("?!");
        KvCache cache = model.newCache(40);
        GenerationResult first = gen.generate(GenerationRequest.of(a, turn1, Set.of()).withCache(cache), TokenStreamListener.NONE);
        assertThat(first.cache()).isSameAs(cache);
        assertThat(cache.position()).isEqualTo(a.length + 5);
        GenerationResult second = gen.generate(GenerationRequest.of(b, turn2, Set.of()).withCache(cache), TokenStreamListener.NONE);

        GenerationResult whole = run(concat(a, first.tokens(), b), turn2, TokenStreamListener.NONE);
        assertThat(second.tokens()).isEqualTo(whole.tokens());
        assertThat(second.text()).isEqualTo(whole.text());
        assertThat(cache.position()).isEqualTo(a.length + 5 + b.length + 6);
        // The toy model's spread depends on every cached token: a cache missing one diverges.
        KvCache broken = model.newCache(40);
        gen.generate(GenerationRequest.of(a, turn1, Set.of()).withCache(broken), TokenStreamListener.NONE);
        broken.truncate(broken.position() - 1);
        GenerationResult diverged = gen.generate(GenerationRequest.of(b, turn2, Set.of()).withCache(broken),
                TokenStreamListener.NONE);
        assertThat(diverged.tokens()).isNotEqualTo(whole.tokens());
    }

    @Test
    void prefillInChunksGivesTheSameResult() {
        int[] prompt = bytes("hello world");
        GenerationResult one = run(prompt, SamplingParams.greedy(5), TokenStreamListener.NONE);
        int callsBefore = model.forwardCalls;
        GenerationResult chunked = gen.generate(GenerationRequest.of(prompt, SamplingParams.greedy(5), Set.of())
                .withPrefillChunk(3), TokenStreamListener.NONE);
        assertThat(chunked.tokens()).isEqualTo(one.tokens());
        assertThat(model.forwardCalls - callsBefore).isEqualTo(4 + 5); // ceil(11 / 3) prefill calls + 5 decode
    }

    @Test
    void badPromptsAreRejectedBeforeAnyWork() {
        assertThatThrownBy(() -> run(new int[100], SamplingParams.greedy(1), TokenStreamListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prompt has 100 tokens, the model's context is 64");
        assertThatThrownBy(() -> run(new int[0], SamplingParams.greedy(1), TokenStreamListener.NONE))
                .hasMessage("the prompt is empty (it needs at least one token, e.g. BOS)");
        assertThatThrownBy(() -> run(new int[] {1, 256}, SamplingParams.greedy(1), TokenStreamListener.NONE))
                .hasMessage("prompt token 1 is id 256, outside the model's vocabulary [0, 256)");
        KvCache cache = model.newCache(10);
        cache.truncate(0);
        gen.generate(GenerationRequest.of(bytes("abcdef"), SamplingParams.greedy(1), Set.of()).withCache(cache),
                TokenStreamListener.NONE);
        int calls = model.forwardCalls;
        assertThatThrownBy(() -> gen.generate(GenerationRequest.of(bytes("abcd"), SamplingParams.greedy(1), Set.of())
                .withCache(cache), TokenStreamListener.NONE))
                .hasMessage("prompt has 4 tokens but the cache already holds 7 of its 10 positions");
        assertThat(model.forwardCalls).isEqualTo(calls);
    }

    @Test
    void logprobsAndAlternativesAreReportedPerToken() {
        Recorder rec = new Recorder();
        gen.generate(GenerationRequest.of(bytes("a"), SamplingParams.greedy(3), Set.of()).withTopLogprobs(2), rec);
        assertThat(rec.choices).hasSize(3).allSatisfy(c -> {
            assertThat(c.topTokens()).hasSize(2);
            assertThat(c.topTokens()[0]).isEqualTo(c.token()); // greedy: the chosen token is the most likely
            assertThat(c.logprob()).isEqualTo(c.topLogprobs()[0]).isNegative();
            assertThat(c.topLogprobs()[1]).isLessThan(c.topLogprobs()[0]);
        });
    }

    @Test
    void tokensBeyondTheTokenizersVocabularyAreNeverSampled() {
        Generator padded = new Generator(new ToyModel(64, 300, new int[] {299}), new ByteTokenizer());
        GenerationResult r = padded.generate(GenerationRequest.of(new int[] {1}, SamplingParams.greedy(5), Set.of()),
                TokenStreamListener.NONE);
        assertThat(r.tokens()).hasSize(5);
        assertThat(java.util.Arrays.stream(r.tokens()).max().orElseThrow()).isLessThan(256);
    }

    @Test
    void theDecodingStrategyPlugsIn() {
        Generator bracketed = new Generator(model, new ByteTokenizer(), tokenizer -> new TokenTextDecoder() {
            @Override public String push(int token) { return "[" + token + "]"; }
            @Override public String flush() { return "."; }
        });
        GenerationResult r = bracketed.generate(GenerationRequest.of(bytes("a"), SamplingParams.greedy(2), Set.of()),
                TokenStreamListener.NONE);
        assertThat(r.text()).isEqualTo("[98][100].");
    }

    @Test
    void timingsAreConsistent() {
        GenerationResult r = run(bytes("hello"), SamplingParams.greedy(8), TokenStreamListener.NONE);
        assertThat(r.prefillNanos()).isPositive();
        assertThat(r.firstTokenNanos()).isGreaterThanOrEqualTo(r.prefillNanos());
        assertThat(r.decodeNanos()).isPositive();
        assertThat(r.decodeTokensPerSecond()).isEqualTo(8 * 1e9 / r.decodeNanos());
        assertThat(r.prefillTokensPerSecond()).isEqualTo(5 * 1e9 / r.prefillNanos());
    }
}
