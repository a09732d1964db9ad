package org.pollux.generate.batch;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.pollux.generate.ActiveSequence;
import org.pollux.generate.FinishReason;
import org.pollux.generate.GenerationRequest;
import org.pollux.generate.GenerationResult;
import org.pollux.generate.Sampler;
import org.pollux.generate.TokenStreamListener;
import org.pollux.model.KvCache;

/**
 * One request inside the scheduler. The engine thread owns every field but {@link #abandoned}
 * (during a decode step's parallel choices one pool thread works on each submission, and the
 * engine reads the results only after joining them);
 * what the generation reports goes through {@link #events} to the caller's thread, which runs the
 * caller's listener there, so a slow listener (a client reading SSE slowly) never holds up the
 * decode step of the others.
 */
final class Submission {
    /** An event for the caller's thread; {@link End} is always the last one. */
    sealed interface Event permits Report, End {}

    /** Something to tell the caller's listener. */
    record Report(Consumer<TokenStreamListener> call) implements Event {}

    /** The generation ended with a result, or failed with an exception. */
    record End(GenerationResult result, RuntimeException failure) implements Event {}

    final GenerationRequest request;
    final int[] prompt;
    final long start;
    final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    /** Set by the caller's thread when it stops waiting (its listener threw, it was interrupted). */
    volatile boolean abandoned;

    KvCache cache;
    /** Prompt tokens already in the cache. */
    int prefilled;
    ActiveSequence sequence;
    /** The token chosen last, to feed at the next decode step (−1 when none). */
    int pending = -1;
    /** Row in the current decode step's batch (−1: not in it). */
    int row = -1;

    Submission(GenerationRequest request, long start) {
        this.request = request;
        this.prompt = request.promptTokens();
        this.start = start;
    }

    /** Why the generation must stop before its next step, or null. */
    FinishReason stopReason() {
        return abandoned ? FinishReason.CANCELLED : request.cancellation().stopReason();
    }

    /** The listener ActiveSequence reports to: it forwards every call to the caller's thread. */
    TokenStreamListener forwarder() {
        return new TokenStreamListener() {
            @Override
            public void onText(String text) {
                events.add(new Report(l -> l.onText(text)));
            }

            @Override
            public void onToken(Sampler.Choice choice) {
                events.add(new Report(l -> l.onToken(choice)));
            }

            @Override
            public void onComplete(GenerationResult result) {
                events.add(new Report(l -> l.onComplete(result)));
                events.add(new End(result, null));
            }
        };
    }

    void fail(RuntimeException e) {
        events.add(new End(null, e));
    }
}
