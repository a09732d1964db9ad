package org.pollux.generate.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.convert.RandomModelWriter;
import org.pollux.generate.CancellationToken;
import org.pollux.generate.FinishReason;
import org.pollux.generate.GenerationRejectedException;
import org.pollux.generate.GenerationRequest;
import org.pollux.generate.GenerationResult;
import org.pollux.generate.Generator;
import org.pollux.generate.SamplingParams;
import org.pollux.generate.TokenStreamListener;
import org.pollux.model.KvCache;
import org.pollux.model.LoadedModel;
import org.pollux.model.Presets;
import org.pollux.tensor.ComputeContext;
import org.pollux.tensor.DType;

/**
 * The scheduler against sequential runs (one request at a time through another scheduler on the
 * same model: decode batches of one) on a tiny Gemma 3 with Q4_0 weights. {@link Generator}
 * decodes single tokens with other kernels, so it is the reference only for checks that do not
 * compare logits.
 */
class BatchingSchedulerTest {
    @TempDir
    static Path tmp;
    static LoadedModel loaded;
    static BatchingScheduler sequential;
    /** Caller threads: the common pool may have a single thread on a small machine. */
    static final ExecutorService callers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "caller");
        t.setDaemon(true);
        return t;
    });

    @BeforeAll
    static void writeModel() {
        Path file = tmp.resolve("tiny.gguf");
        try (ComputeContext ctx = ComputeContext.of(2)) {
            RandomModelWriter.write(Presets.tiny("gemma-3-1b"), DType.Q4_0, 3, "tiny", file, ctx, null);
        }
        loaded = new LoadedModel(file, 2);
        sequential = new BatchingScheduler(loaded.model(), loaded.tokenizer(), SchedulerOptions.defaults());
    }

    @AfterAll
    static void closeModel() {
        sequential.close();
        loaded.close();
    }

    private static int[] prompt(int seed, int length) {
        return new SplittableRandom(seed).ints(length, 3, loaded.model().vocabSize()).toArray();
    }

    private static GenerationRequest request(int seed, int promptLength, int maxTokens) {
        SamplingParams p = SamplingParams.builder().temperature(0.9f).seed(seed).maxTokens(maxTokens).build();
        return GenerationRequest.of(prompt(seed, promptLength), p, Set.of()).withPrefillChunk(5);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        await(condition, () -> "");
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not reached in 10 s: %s", state.get()).isLessThan(end);
            Thread.sleep(1);
        }
    }

    @Test
    void concurrentRequestsGiveTheTokensAndTextOfSequentialRuns() throws Exception {
        int n = 8;
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Prompts of 1 to 22 tokens (several prefill chunks, past the sliding window of 8).
            requests.add(request(100 + i, 1 + 3 * i, 10 + 2 * i));
        }
        List<GenerationResult> want = new ArrayList<>();
        for (GenerationRequest r : requests) {
            want.add(sequential.generate(r, TokenStreamListener.NONE));
        }
        GatedModel gated = new GatedModel(loaded.model());
        gated.hold(); // every request is queued before the first step, so batches really form
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try (BatchingScheduler s = new BatchingScheduler(gated, loaded.tokenizer(),
                SchedulerOptions.defaults().withMaxActive(5));
                AutoCloseable opened = gated::release) {
            List<Future<GenerationResult>> got = new ArrayList<>();
            List<StringBuilder> streamed = new ArrayList<>();
            for (GenerationRequest r : requests) {
                StringBuilder text = new StringBuilder();
                streamed.add(text);
                got.add(pool.submit(() -> s.generate(r, new TokenStreamListener() {
                    @Override public void onText(String piece) { text.append(piece); }
                })));
            }
            await(() -> s.stats().active() + s.stats().queued() == n);
            gated.release();
            for (int i = 0; i < n; i++) {
                GenerationResult r = got.get(i).get();
                assertThat(r.tokens()).as("request %d", i).containsExactly(want.get(i).tokens());
                assertThat(r.text()).isEqualTo(want.get(i).text());
                assertThat(streamed.get(i).toString()).isEqualTo(want.get(i).text());
                assertThat(r.finishReason()).isEqualTo(want.get(i).finishReason());
                assertThat(r.cache().position()).isEqualTo(want.get(i).cache().position());
            }
            await(() -> s.stats().completed() == n); // each is retired just after its last event
            SchedulerStats st = s.stats();
            assertThat(st.completed()).isEqualTo(n);
            assertThat(st.active()).isZero();
            assertThat(st.tokensGenerated()).isEqualTo(want.stream().mapToLong(GenerationResult::generatedTokens).sum());
            assertThat(st.decodedRows()).as("several sequences per step").isGreaterThan(2 * st.steps());
            assertThat(st.activeCacheBytes()).isZero();
            assertThat(st.freedCacheBytes()).isEqualTo(want.stream().mapToLong(r -> r.cache().bytes()).sum());
            assertThat(st.prefillNanos()).as("prompts were prefilled").isPositive();
            assertThat(gated.chunks).as("the sequential runs' 22 chunks of at most 5 tokens").isEqualTo(22);
            assertThat(st.decodeNanos()).as("decode steps ran").isPositive();
            assertThat(st.samplingNanos()).as("tokens were chosen").isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shortPromptsShareAPrefillCallWithinOneChunksTokens() throws Exception {
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            requests.add(request(40 + i, 2, 3));
        }
        List<GenerationResult> want = new ArrayList<>();
        for (GenerationRequest r : requests) {
            want.add(sequential.generate(r, TokenStreamListener.NONE));
        }
        GatedModel gated = new GatedModel(loaded.model());
        gated.hold();
        try (BatchingScheduler s = new BatchingScheduler(gated, loaded.tokenizer(),
                SchedulerOptions.defaults().withMaxActive(4));
                AutoCloseable opened = gated::release) {
            List<CompletableFuture<GenerationResult>> got = new ArrayList<>();
            got.add(CompletableFuture.supplyAsync(() -> s.generate(requests.get(0), TokenStreamListener.NONE), callers));
            await(() -> s.stats().active() == 1); // the engine now waits inside the first prompt's call
            for (int i = 1; i < 4; i++) {
                GenerationRequest r = requests.get(i);
                got.add(CompletableFuture.supplyAsync(() -> s.generate(r, TokenStreamListener.NONE), callers));
            }
            await(() -> s.stats().queued() == 3);
            gated.release();
            for (int i = 0; i < 4; i++) {
                assertThat(got.get(i).get().tokens()).as("request %d", i).containsExactly(want.get(i).tokens());
            }
            // The first prompt alone (nothing else had arrived), then 2 + 2 tokens within the 5-token
            // budget, then the last one: three calls for four chunks.
            assertThat(gated.chunks).isEqualTo(4);
            assertThat(gated.chunkCalls).isEqualTo(3);
        }
    }

    @Test
    void cancellingMidStreamFreesTheSlotForAQueuedRequest() throws Exception {
        GatedModel gated = new GatedModel(loaded.model());
        CancellationToken cancel = new CancellationToken();
        GenerationRequest first = request(1, 4, 200).withCancellation(cancel);
        GenerationRequest second = request(2, 6, 12);
        GenerationResult want = sequential.generate(second, TokenStreamListener.NONE);
        try (BatchingScheduler s = new BatchingScheduler(gated, loaded.tokenizer(),
                new SchedulerOptions(1, 1, Duration.ofSeconds(2), false));
                AutoCloseable opened = gated::release) {
            gated.hold();
            CompletableFuture<GenerationResult> a = CompletableFuture.supplyAsync(() -> s.generate(first, TokenStreamListener.NONE), callers);
            gated.allow(3); // the prompt and two decode steps
            await(() -> s.stats().tokensGenerated() == 3);
            CompletableFuture<GenerationResult> b = CompletableFuture.supplyAsync(() -> s.generate(second, TokenStreamListener.NONE), callers);
            await(() -> s.stats().queued() == 1);
            long cacheBytes = s.stats().activeCacheBytes();
            assertThat(cacheBytes).isPositive();
            cancel.cancel();
            gated.release();
            GenerationResult ra = a.get();
            assertThat(ra.finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(ra.generatedTokens()).isEqualTo(3); // chosen after the prompt and after each step
            GenerationResult rb = b.get();
            assertThat(rb.tokens()).containsExactly(want.tokens());
            await(() -> s.stats().completed() == 2); // the engine retires a request just after its last event
            assertThat(s.stats().freedCacheBytes()).isEqualTo(cacheBytes + rb.cache().bytes());
        }
    }

    @Test
    void aFullQueueRejectsWithARetryAfter() throws Exception {
        GatedModel gated = new GatedModel(loaded.model());
        gated.hold();
        CancellationToken cancel = new CancellationToken();
        try (BatchingScheduler s = new BatchingScheduler(gated, loaded.tokenizer(),
                new SchedulerOptions(1, 1, Duration.ofSeconds(3), false));
                AutoCloseable opened = gated::release) {
            CompletableFuture<GenerationResult> a = CompletableFuture.supplyAsync(
                    () -> s.generate(request(1, 3, 50).withCancellation(cancel), TokenStreamListener.NONE), callers);
            CompletableFuture<GenerationResult> b = CompletableFuture.supplyAsync(
                    () -> s.generate(request(2, 3, 50).withCancellation(cancel), TokenStreamListener.NONE), callers);
            await(() -> s.stats().active() == 1 && s.stats().queued() == 1);
            assertThatThrownBy(() -> s.generate(request(3, 3, 5), TokenStreamListener.NONE))
                    .isInstanceOfSatisfying(GenerationRejectedException.class,
                            e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(3)))
                    .hasMessage("all 1 generation slots are busy and 1 requests are waiting");
            assertThat(s.stats().rejected()).isEqualTo(1);
            cancel.cancel();
            gated.release();
            assertThat(a.get().finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(b.get().finishReason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(b.get().generatedTokens()).isZero();
        }
    }

    @Test
    void deadlinesEndGenerationsWithTheirOwnReason() throws Exception {
        GatedModel gated = new GatedModel(loaded.model());
        try (BatchingScheduler s = new BatchingScheduler(gated, loaded.tokenizer(), SchedulerOptions.defaults());
                AutoCloseable opened = gated::release) {
            GenerationResult expired = s.generate(request(1, 3, 5).withCancellation(new CancellationToken().cancelAfter(Duration.ZERO)),
                    TokenStreamListener.NONE);
            assertThat(expired.finishReason()).isEqualTo(FinishReason.DEADLINE);
            assertThat(expired.generatedTokens()).isZero();
            gated.hold();
            CancellationToken soon = new CancellationToken().cancelAfter(Duration.ofMillis(200));
            CompletableFuture<GenerationResult> r = CompletableFuture.supplyAsync(
                    () -> s.generate(request(2, 3, 100).withCancellation(soon), TokenStreamListener.NONE), callers);
            gated.allow(3);
            await(() -> s.stats().tokensGenerated() == 3);
            await(soon::isExpired);
            gated.release();
            assertThat(r.get().finishReason()).isEqualTo(FinishReason.DEADLINE);
            assertThat(r.get().generatedTokens()).isEqualTo(3);
        }
        // The same reason from the single-sequence generator.
        assertThat(sequential.generate(request(1, 3, 5).withCancellation(new CancellationToken().cancelAfter(Duration.ZERO)),
                TokenStreamListener.NONE).finishReason()).isEqualTo(FinishReason.DEADLINE);
    }

    @Test
    void badPromptsFailBeforeQueueingWithTheGeneratorsMessage() {
        try (BatchingScheduler s = new BatchingScheduler(loaded.model(), loaded.tokenizer(), SchedulerOptions.defaults())) {
            GenerationRequest tooLong = request(1, loaded.model().contextLength() + 1, 5);
            String message = catchMessage(() -> sequential.generate(tooLong, TokenStreamListener.NONE));
            assertThat(message).contains("the model's context is");
            assertThatThrownBy(() -> s.generate(tooLong, TokenStreamListener.NONE))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
            GenerationRequest badId = GenerationRequest.of(new int[] {1, 1 << 20}, SamplingParams.greedy(3), Set.of());
            assertThatThrownBy(() -> s.generate(badId, TokenStreamListener.NONE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(catchMessage(() -> sequential.generate(badId, TokenStreamListener.NONE)));
            assertThat(s.stats().completed()).isZero();
            assertThat(s.stats().queued()).isZero();
        }
    }

    private static String catchMessage(Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("no IllegalArgumentException");
    }

    @Test
    void aCachedPrefixContinuesThroughTheScheduler() {
        int[] prefix = prompt(7, 12);
        KvCache prefilled = loaded.model().newCache(64);
        loaded.model().forward(prefilled, prefix, 0, prefix.length, false);
        GenerationRequest suffix = request(8, 4, 10);
        GenerationResult want = sequential.generate(suffix.withCache(prefilled.copy(64)), TokenStreamListener.NONE);
        try (BatchingScheduler s = new BatchingScheduler(loaded.model(), loaded.tokenizer(), SchedulerOptions.defaults())) {
            KvCache copy = prefilled.copy(64);
            GenerationResult got = s.generate(suffix.withCache(copy), TokenStreamListener.NONE);
            assertThat(got.tokens()).containsExactly(want.tokens());
            assertThat(got.cache()).isSameAs(copy);
            assertThat(copy.position()).isEqualTo(12 + 4 + 10);
        }
    }

    @Test
    void aThrowingListenerFailsOnlyItsOwnRequest() throws Exception {
        GenerationRequest other = request(5, 5, 8);
        GenerationResult want = sequential.generate(other, TokenStreamListener.NONE);
        try (BatchingScheduler s = new BatchingScheduler(loaded.model(), loaded.tokenizer(), SchedulerOptions.defaults())) {
            CompletableFuture<GenerationResult> ok = CompletableFuture.supplyAsync(() -> s.generate(other, TokenStreamListener.NONE), callers);
            assertThatThrownBy(() -> s.generate(request(6, 5, 100), new TokenStreamListener() {
                @Override public void onToken(org.pollux.generate.Sampler.Choice c) {
                    throw new IllegalStateException("client went away");
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("client went away");
            assertThat(ok.get().tokens()).containsExactly(want.tokens());
            await(() -> s.stats().completed() == 2);
            assertThat(s.stats().active()).isZero();
        }
    }

    @Test
    void closeLetsRunningGenerationsFinishAndRejectsNewOnes() throws Exception {
        GatedModel gated = new GatedModel(loaded.model());
        gated.hold();
        GenerationRequest r = request(9, 3, 6);
        GenerationResult want = sequential.generate(r, TokenStreamListener.NONE);
        BatchingScheduler s = new BatchingScheduler(gated, loaded.tokenizer(), SchedulerOptions.defaults().withMaxActive(1));
        try {
        CompletableFuture<GenerationResult> running = CompletableFuture.supplyAsync(() -> s.generate(r, TokenStreamListener.NONE), callers);
        await(() -> s.stats().active() == 1);
        CompletableFuture<GenerationResult> queued = CompletableFuture.supplyAsync(() -> s.generate(request(10, 3, 6), TokenStreamListener.NONE), callers);
        await(() -> s.stats().active() == 1 && s.stats().queued() == 1,
                () -> s.stats() + " " + running.isDone() + " " + queued.isDone());
        CompletableFuture<Void> closed = CompletableFuture.runAsync(s::close, callers);
        await(() -> s.stats().queued() == 0);
        assertThatThrownBy(() -> s.generate(request(11, 3, 6), TokenStreamListener.NONE))
                .isInstanceOf(GenerationRejectedException.class).hasMessageContaining("shutting down");
        gated.release();
        closed.get();
        assertThat(running.get().tokens()).containsExactly(want.tokens());
        assertThatThrownBy(queued::join).hasCauseInstanceOf(GenerationRejectedException.class);
        } finally {
            gated.release();
            s.close();
        }
    }
}
