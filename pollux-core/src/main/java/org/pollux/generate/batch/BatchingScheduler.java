package org.pollux.generate.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.pollux.generate.ActiveSequence;
import org.pollux.generate.FinishReason;
import org.pollux.generate.GenerationRejectedException;
import org.pollux.generate.GenerationRequest;
import org.pollux.generate.GenerationResult;
import org.pollux.generate.GenerationService;
import org.pollux.generate.Generator;
import org.pollux.generate.TokenStreamListener;
import org.pollux.generate.TokenTextDecoder;
import org.pollux.generate.Utf8Streamer;
import org.pollux.model.KvCache;
import org.pollux.model.LanguageModel;
import org.pollux.tokenizer.Tokenizer;

/**
 * Continuous batching: every running generation of one model advances in the same decode step,
 * one {@link LanguageModel#forwardBatch} call that reads the weights once for all of them.
 *
 * <p><b>Threads.</b> {@link #generate} may be called from many threads; each call blocks until its
 * generation ends. One engine thread runs the model. Per loop it drops requests that were
 * cancelled or passed their deadline (freeing their caches at once), admits waiting requests in
 * arrival order while fewer than {@link SchedulerOptions#maxActive()} hold a cache, runs at most
 * one chunk's worth of prompt tokens (so a long prompt delays the running streams by one chunk per
 * step, not by its whole length; several short prompts share that one prefill call), and then one
 * decode step for every decoding sequence. Per-sequence logic
 * (sampling, stops, limits, constraints, text streaming) is {@link ActiveSequence}'s, exactly as in
 * {@link Generator}.
 *
 * <p><b>Listeners run on the caller's thread</b>, not the engine's: the engine queues each event
 * and the thread blocked in {@code generate} hands it to the listener. A client that reads slowly
 * therefore delays only its own events, never the step of the others. A listener that throws
 * cancels its own generation; {@code generate} then rethrows that exception.
 *
 * <p><b>Same output as sequential runs.</b> The model's batched rows are bit-identical to
 * single-sequence decoding whatever the batch, and so are each prompt's chunks whatever other
 * prompts share their prefill call, so N concurrent requests give exactly the texts N
 * {@link Generator} runs with the same seeds give.
 *
 * <p><b>Failures.</b> An exception inside one sequence (prefill, sampling, a constraint) fails that
 * request only ({@code generate} rethrows it); a failing decode step fails the requests in it.
 */
public final class BatchingScheduler implements GenerationService, AutoCloseable {
    private final LanguageModel model;
    private final Tokenizer tokenizer;
    private final Function<Tokenizer, TokenTextDecoder> decoders;
    private final SchedulerOptions options;
    private final int sampledVocab;

    private final ReentrantLock lock = new ReentrantLock();
    /** Held around each engine step's model calls (shared with the model's other users). */
    private final Lock modelLock;
    private final Condition work = lock.newCondition();
    /** Guarded by lock. */
    private final ArrayDeque<Submission> waiting = new ArrayDeque<>();
    /** Caches of requests that brought their own, in flight (guarded by lock): one cache, one generation. */
    private final Set<KvCache> cachesInUse = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Requests accepted and not yet ended (guarded by lock). */
    private int inFlight;
    /** Guarded by lock. */
    private boolean closing;

    /** Engine thread only: admitted requests still prefilling, in admission order. */
    private final List<Submission> prefilling = new ArrayList<>();
    /** Engine thread only: sequences in the decode batch. */
    private final List<Submission> decoding = new ArrayList<>();
    private final Thread engine;

    private volatile int active;
    private volatile long activeCacheBytes;
    private final AtomicLong steps = new AtomicLong();
    private final AtomicLong decodedRows = new AtomicLong();
    private final AtomicLong tokensGenerated = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong freedCacheBytes = new AtomicLong();
    private final AtomicLong prefillNanos = new AtomicLong();
    private final AtomicLong decodeNanos = new AtomicLong();
    private final AtomicLong samplingNanos = new AtomicLong();

    /** A scheduler that streams text through {@link Utf8Streamer} and is the model's only user. */
    public BatchingScheduler(LanguageModel model, Tokenizer tokenizer, SchedulerOptions options) {
        this(model, tokenizer, options, Utf8Streamer::new, new ReentrantLock());
    }

    /**
     * A scheduler that shares the model with other users (embeddings, cache prefills): it holds
     * {@code modelLock} around each engine step (one prefill chunk and one decode step), and they
     * hold it around their own forward passes, so the two interleave between steps.
     */
    public BatchingScheduler(LanguageModel model, Tokenizer tokenizer, SchedulerOptions options, Lock modelLock) {
        this(model, tokenizer, options, Utf8Streamer::new, modelLock);
    }

    /** A scheduler that streams text through a fresh {@code decoders.apply(tokenizer)} per generation. */
    public BatchingScheduler(LanguageModel model, Tokenizer tokenizer, SchedulerOptions options,
            Function<Tokenizer, TokenTextDecoder> decoders, Lock modelLock) {
        this.modelLock = modelLock;
        this.model = model;
        this.tokenizer = tokenizer;
        this.options = options;
        this.decoders = decoders;
        this.sampledVocab = Math.min(model.vocabSize(), tokenizer.vocabSize());
        this.engine = Thread.ofPlatform().name("pollux-batching").daemon(true).unstarted(this::runEngine);
        engine.start();
    }

    /**
     * Queues the request and blocks until it ends, running {@code listener} on this thread.
     *
     * @throws IllegalArgumentException before queueing, as {@link Generator} does, when the prompt is
     *     empty, holds an id outside the vocabulary or does not fit; also when the request's cache
     *     is already used by another running generation
     * @throws GenerationRejectedException when every slot and queue place is taken, or on shutdown
     */
    @Override
    public GenerationResult generate(GenerationRequest request, TokenStreamListener listener) {
        long start = System.nanoTime();
        Submission sub = new Submission(request, start);
        Generator.checkPromptIds(model, sub.prompt);
        if (request.cache() != null) {
            Generator.checkRoom(request.cache(), sub.prompt.length);
        } else {
            Generator.checkContext(model, sub.prompt.length);
        }
        lock.lock();
        try {
            if (closing) {
                rejected.incrementAndGet();
                throw new GenerationRejectedException("the generation service is shutting down", options.retryAfter());
            }
            if (inFlight >= options.maxActive() + options.maxQueued()) {
                rejected.incrementAndGet();
                throw new GenerationRejectedException("all " + options.maxActive() + " generation slots are busy and "
                        + waiting.size() + " requests are waiting", options.retryAfter());
            }
            if (request.cache() != null && !cachesInUse.add(request.cache())) {
                throw new IllegalArgumentException("the request's cache is in use by another running generation");
            }
            inFlight++;
            waiting.add(sub);
            work.signal();
        } finally {
            lock.unlock();
        }
        return await(sub, listener);
    }

    /** Runs the listener on the events of {@code sub} until its end. */
    private GenerationResult await(Submission sub, TokenStreamListener listener) {
        boolean interrupted = false;
        RuntimeException listenerFailure = null;
        try {
            while (true) {
                Submission.Event event;
                try {
                    event = sub.events.take();
                } catch (InterruptedException e) {
                    // Stop the generation, but wait for its end: the engine releases its cache first.
                    interrupted = true;
                    sub.abandoned = true;
                    continue;
                }
                if (event instanceof Submission.Report report) {
                    if (listenerFailure == null) {
                        try {
                            report.call().accept(listener);
                        } catch (RuntimeException e) {
                            listenerFailure = e;
                            sub.abandoned = true;
                        }
                    }
                } else if (event instanceof Submission.End end) {
                    if (listenerFailure != null) {
                        throw listenerFailure;
                    }
                    if (end.failure() != null) {
                        throw end.failure();
                    }
                    return end.result();
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Counters for monitoring. */
    public SchedulerStats stats() {
        int queued;
        lock.lock();
        try {
            queued = waiting.size();
        } finally {
            lock.unlock();
        }
        return new SchedulerStats(active, queued, steps.get(), decodedRows.get(), tokensGenerated.get(), completed.get(),
                rejected.get(), activeCacheBytes, freedCacheBytes.get(), prefillNanos.get(), decodeNanos.get(),
                samplingNanos.get());
    }

    /**
     * Stops admitting, rejects waiting requests, lets running generations finish (or cancels them,
     * per {@link SchedulerOptions#cancelActiveOnClose()}), and waits for the engine thread to end.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            rejectWaiting();
            work.signal();
        } finally {
            lock.unlock();
        }
        if (Thread.currentThread() == engine) {
            return;
        }
        boolean interrupted = false;
        while (engine.isAlive()) {
            try {
                engine.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ engine thread

    private void runEngine() {
        try {
            while (admit()) {
                dropStopped();
                modelLock.lock();
                try {
                    prefillStep();
                    decodeStep();
                } finally {
                    modelLock.unlock();
                }
                publishGauges();
            }
        } catch (Throwable t) {
            // A bug or an Error (out of memory): nobody may wait forever.
            IllegalStateException failure = new IllegalStateException("the generation engine failed: " + t, t);
            lock.lock();
            try {
                closing = true;
                prefilling.addAll(waiting);
                waiting.clear();
            } finally {
                lock.unlock();
            }
            for (Submission s : concat(prefilling, decoding)) {
                s.fail(failure);
                retire(s);
            }
            prefilling.clear();
            decoding.clear();
            publishGauges();
            throw t;
        }
    }

    /**
     * Moves waiting requests into free slots (rejecting them all when closing, ending those already
     * cancelled), and sleeps while there is nothing to do. Returns false when the engine should end.
     */
    private boolean admit() {
        lock.lock();
        try {
            while (true) {
                for (Iterator<Submission> it = waiting.iterator(); it.hasNext(); ) {
                    Submission s = it.next();
                    FinishReason stop = s.stopReason();
                    if (stop != null) {
                        it.remove();
                        endUnstarted(s, stop);
                    }
                }
                if (closing) {
                    rejectWaiting();
                }
                while (!waiting.isEmpty() && prefilling.size() + decoding.size() < options.maxActive()) {
                    prefilling.add(waiting.poll());
                }
                publishGauges();
                if (!prefilling.isEmpty() || !decoding.isEmpty()) {
                    return true;
                }
                if (closing) {
                    return false;
                }
                work.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Fails every waiting request with a rejection (shutting down). Called with the lock held. */
    private void rejectWaiting() {
        for (Submission s : waiting) {
            s.fail(new GenerationRejectedException("the generation service is shutting down", options.retryAfter()));
            rejected.incrementAndGet();
            retire(s);
        }
        waiting.clear();
    }

    /** Ends generations that were cancelled, passed their deadline, or whose caller left. */
    private void dropStopped() {
        boolean closeCancels;
        lock.lock();
        try {
            closeCancels = closing && options.cancelActiveOnClose();
        } finally {
            lock.unlock();
        }
        for (Iterator<Submission> it = prefilling.iterator(); it.hasNext(); ) {
            Submission s = it.next();
            FinishReason stop = closeCancels ? FinishReason.CANCELLED : s.stopReason();
            if (stop != null) {
                it.remove();
                endUnstarted(s, stop);
            }
        }
        for (Iterator<Submission> it = decoding.iterator(); it.hasNext(); ) {
            Submission s = it.next();
            FinishReason stop = closeCancels ? FinishReason.CANCELLED : s.stopReason();
            if (stop != null) {
                it.remove();
                guarded(s, () -> s.sequence.end(stop));
                retire(s);
            }
        }
    }

    /**
     * One prefill step: the next chunk of the oldest admitted prompt and, in the same
     * {@link LanguageModel#forwardChunks} call, the next chunks of the prompts admitted after it as
     * long as the step's tokens stay within the oldest one's chunk size (so the running streams
     * still wait at most one chunk per step, and eight short prompts cost one pass over the weights
     * instead of eight). A prompt that is done chooses its first token.
     */
    private void prefillStep() {
        if (prefilling.isEmpty()) {
            return;
        }
        List<Submission> group = new ArrayList<>();
        int[] lengths = new int[prefilling.size()];
        int budget = prefilling.getFirst().request.prefillChunk();
        int tokens = 0;
        for (Submission s : prefilling) {
            int len = Math.min(s.request.prefillChunk(), s.prompt.length - s.prefilled);
            if (!group.isEmpty() && tokens + len > budget) {
                break;
            }
            try {
                if (s.cache == null) {
                    GenerationRequest req = s.request;
                    s.cache = req.cache() != null ? req.cache()
                            : Generator.freshCache(model, s.prompt.length, req.params().maxTokens());
                }
            } catch (RuntimeException e) {
                failPrefill(s, e);
                return;
            }
            lengths[group.size()] = len;
            group.add(s);
            tokens += len;
        }
        int n = group.size();
        lengths = Arrays.copyOf(lengths, n);
        KvCache[] caches = new KvCache[n];
        int[][] prompts = new int[n][];
        int[] offsets = new int[n];
        int[] before = new int[n];
        for (int i = 0; i < n; i++) {
            Submission s = group.get(i);
            caches[i] = s.cache;
            prompts[i] = s.prompt;
            offsets[i] = s.prefilled;
            before[i] = s.cache.position();
        }
        float[] logits;
        long t0 = System.nanoTime();
        try {
            logits = model.forwardChunks(caches, prompts, offsets, lengths);
        } catch (RuntimeException e) {
            prefillNanos.addAndGet(System.nanoTime() - t0);
            if (n == 1) {
                failPrefill(group.getFirst(), e);
                return;
            }
            // One bad request must not fail the others: chunks whose cache did not move run alone.
            for (int i = 0; i < n; i++) {
                Submission s = group.get(i);
                if (s.cache.position() != before[i]) {
                    failPrefill(s, e);
                    continue;
                }
                try {
                    long t1 = System.nanoTime();
                    float[] own = model.forward(s.cache, s.prompt, offsets[i], lengths[i], false);
                    prefillNanos.addAndGet(System.nanoTime() - t1);
                    afterChunk(s, lengths[i], own);
                } catch (RuntimeException alone) {
                    failPrefill(s, alone);
                }
            }
            return;
        }
        prefillNanos.addAndGet(System.nanoTime() - t0);
        int vocab = model.vocabSize();
        for (int i = 0; i < n; i++) {
            Submission s = group.get(i);
            afterChunk(s, lengths[i], s.prefilled + lengths[i] < s.prompt.length ? null
                    : Arrays.copyOfRange(logits, i * vocab, (i + 1) * vocab));
        }
    }

    /** Counts a prefilled chunk; when the prompt is done, the sequence chooses its first token and starts decoding. */
    private void afterChunk(Submission s, int len, float[] lastLogits) {
        s.prefilled += len;
        if (s.prefilled < s.prompt.length) {
            return;
        }
        prefilling.remove(s);
        try {
            s.sequence = start(s);
            int token = s.sequence.choose(lastLogits);
            if (token < 0) {
                retire(s);
            } else {
                tokensGenerated.incrementAndGet();
                s.pending = token;
                decoding.add(s);
            }
        } catch (RuntimeException e) {
            s.fail(e);
            retire(s);
        }
    }

    private void failPrefill(Submission s, RuntimeException e) {
        prefilling.remove(s);
        s.fail(e);
        retire(s);
    }

    /** Feeds every decoding sequence's pending token in one batch, then lets each choose its next. */
    private void decodeStep() {
        if (decoding.isEmpty()) {
            return;
        }
        List<Submission> batch = new ArrayList<>(decoding.size());
        for (Submission s : decoding) {
            s.row = s.cache.position() < s.cache.capacity() ? batch.size() : -1;
            if (s.row >= 0) {
                batch.add(s);
            }
        }
        float[] logits = null;
        if (!batch.isEmpty()) {
            KvCache[] caches = new KvCache[batch.size()];
            int[] tokens = new int[batch.size()];
            for (int i = 0; i < caches.length; i++) {
                caches[i] = batch.get(i).cache;
                tokens[i] = batch.get(i).pending;
            }
            long t0 = System.nanoTime();
            try {
                logits = model.forwardBatch(caches, tokens, caches.length);
                decodeNanos.addAndGet(System.nanoTime() - t0);
            } catch (RuntimeException e) {
                for (Submission s : batch) {
                    decoding.remove(s);
                    s.fail(e);
                    retire(s);
                }
                return;
            }
            steps.incrementAndGet();
            decodedRows.addAndGet(caches.length);
        }
        int vocab = model.vocabSize();
        long t0 = System.nanoTime();
        // Each sequence chooses its next token on its own state (sampler, constraint, stop
        // strings, event queue), so the choices run in parallel: at 262,144 logits a choice costs
        // 1.5–2 ms, which a batch of eight would otherwise spend on the engine thread alone. Each
        // sequence's result does not depend on the order. Retiring stays on the engine thread.
        List<Submission> choosing = new ArrayList<>(decoding);
        boolean[] done = new boolean[choosing.size()];
        float[] batchLogits = logits;
        IntStream rows = IntStream.range(0, choosing.size());
        (choosing.size() > 1 ? rows.parallel() : rows).forEach(i -> {
            Submission s = choosing.get(i);
            int row = s.row;
            float[] rowLogits = row < 0 ? null : Arrays.copyOfRange(batchLogits, row * vocab, (row + 1) * vocab);
            boolean ended = guarded(s, () -> {
                // A sequence left out of the batch had no room: afterFeed ends it (full context).
                if (s.sequence.afterFeed()) {
                    return;
                }
                s.pending = s.sequence.choose(rowLogits);
                if (s.pending >= 0) {
                    tokensGenerated.incrementAndGet();
                }
            });
            done[i] = ended || s.sequence.finished();
        });
        for (int i = 0; i < choosing.size(); i++) {
            if (done[i]) {
                Submission s = choosing.get(i);
                decoding.remove(s);
                retire(s);
            }
        }
        samplingNanos.addAndGet(System.nanoTime() - t0);
    }

    private ActiveSequence start(Submission s) {
        KvCache cache = s.cache != null ? s.cache : s.request.cache();
        return new ActiveSequence(s.request, s.forwarder(), cache, tokenizer, decoders.apply(tokenizer), sampledVocab,
                s.start, System.nanoTime());
    }

    /** Ends a request that never started decoding (cancelled while waiting or prefilling). */
    private void endUnstarted(Submission s, FinishReason why) {
        guarded(s, () -> start(s).end(why));
        retire(s);
    }

    /** Runs one sequence's step; an exception fails that request only. Returns true when it failed. */
    private static boolean guarded(Submission s, Runnable step) {
        try {
            step.run();
            return false;
        } catch (RuntimeException e) {
            s.fail(e);
            return true;
        }
    }

    /** The request left the engine: free its slot and drop the engine's reference to its cache. */
    private void retire(Submission s) {
        if (s.cache != null) {
            freedCacheBytes.addAndGet(s.cache.bytes());
        }
        s.cache = null;
        s.sequence = null;
        completed.incrementAndGet();
        lock.lock();
        try {
            inFlight--;
            if (s.request.cache() != null) {
                cachesInUse.remove(s.request.cache());
            }
        } finally {
            lock.unlock();
        }
    }

    private void publishGauges() {
        long bytes = 0;
        for (Submission s : concat(prefilling, decoding)) {
            if (s.cache != null) {
                bytes += s.cache.bytes();
            }
        }
        activeCacheBytes = bytes;
        active = prefilling.size() + decoding.size();
    }

    private static List<Submission> concat(List<Submission> a, List<Submission> b) {
        List<Submission> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
