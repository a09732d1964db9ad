package org.pollux.generate;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.pollux.model.KvCache;
import org.pollux.tokenizer.Tokenizer;

/**
 * One generation after its prompt is in the cache: sampling, stop tokens and sequences, the token
 * limit, constraints and text streaming, step by step. It never runs the model itself, so the
 * same steps serve {@link Generator} (one sequence, forward after forward) and a batching
 * scheduler (many sequences, one forward for all of them per step).
 *
 * <p>Per step the driver calls {@link #choose} with the logits of the last position; a
 * non-negative result is the token to feed to the model (the driver feeds it when the cache has
 * room) followed by {@link #afterFeed}; −1 means the generation ended and {@link #result} is ready.
 */
public final class ActiveSequence {
    private final GenerationRequest req;
    private final TokenStreamListener listener;
    private final KvCache cache;
    private final long start;
    private final long prefillEnd;
    private final Sampler sampler;
    private final Set<Integer> stopIds;
    private final int vocab;
    private final TokenTextDecoder decoder;
    private final StopSequenceMatcher stops;
    private final TokenConstraint constraint;
    private final StringBuilder text = new StringBuilder();
    private int[] generated;
    private int count;
    private long firstToken;
    private FinishReason reason;
    private GenerationResult result;

    /**
     * @param vocab ids ≥ vocab are never sampled (a model may have padding rows past the tokenizer)
     * @param start when the request started (nanoTime), for the timings
     * @param prefillEnd when the prompt's logits were ready (nanoTime)
     */
    public ActiveSequence(GenerationRequest req, TokenStreamListener listener, KvCache cache, Tokenizer tokenizer,
            TokenTextDecoder decoder, int vocab, long start, long prefillEnd) {
        this.req = req;
        this.listener = listener;
        this.cache = cache;
        this.start = start;
        this.prefillEnd = prefillEnd;
        this.sampler = new Sampler(req.params());
        this.sampler.setHistory(req.promptTokens());
        this.stopIds = req.allStopTokenIds();
        this.vocab = vocab;
        this.decoder = decoder;
        this.constraint = req.constraint();
        // A stop sequence could cut a constrained document (JSON) in the middle and the completion
        // would then close a text that was never emitted: constrained output ends only by itself.
        this.stops = new StopSequenceMatcher(constraint == null ? req.params().stopSequences() : List.of());
        this.generated = new int[Math.min(req.params().maxTokens(), 1024)];
    }

    public GenerationRequest request() {
        return req;
    }

    public KvCache cache() {
        return cache;
    }

    /** Whether the generation has ended. */
    public boolean finished() {
        return result != null;
    }

    /** The outcome, once {@link #finished()}. */
    public GenerationResult result() {
        return result;
    }

    /**
     * Picks the next token from {@code logits} (which it may modify) and streams it.
     *
     * @return the token to feed to the model, or −1 when the generation ended
     */
    public int choose(float[] logits) {
        FinishReason stop = req.cancellation().stopReason();
        if (stop != null) {
            return end(stop);
        }
        if (constraint != null) {
            if (constraint.isComplete()) {
                return end(FinishReason.STOP);
            }
            constraint.mask(logits, vocab);
        }
        Sampler.Choice choice = sampler.choose(logits, vocab, req.topLogprobs());
        int token = choice.token();
        if (count == 0) {
            firstToken = System.nanoTime() - start;
        }
        if (stopIds.contains(token)) {
            if (constraint != null) {
                // The constraint allowed an end token here (the document may end): let it close.
                constraint.accept(token);
            }
            return end(FinishReason.STOP);
        }
        if (constraint != null) {
            constraint.accept(token);
        }
        sampler.accept(token);
        if (count == generated.length) {
            generated = Arrays.copyOf(generated, generated.length * 2);
        }
        generated[count++] = token;
        listener.onToken(choice);
        emit(stops.push(decoder.push(token)));
        return token;
    }

    /**
     * Checks the limits once the chosen token is in the cache (or could not be, when the cache is
     * full). Returns true when the generation ended.
     */
    public boolean afterFeed() {
        if (stops.stopped()) {
            end(FinishReason.STOP);
        } else if (count >= req.params().maxTokens()) {
            end(FinishReason.MAX_TOKENS);
        } else if (cache.position() >= cache.capacity()) {
            end(FinishReason.CONTEXT_FULL);
        }
        return finished();
    }

    /** Ends the generation now (a scheduler cancelling or failing it). */
    public int end(FinishReason why) {
        if (result != null) {
            return -1;
        }
        reason = why;
        boolean closeConstraint = constraint != null && why != FinishReason.CANCELLED && !constraint.isComplete();
        if (!stops.stopped()) {
            // Held-back text turned out not to start a stop sequence: release it. The decoder holds only
            // the bytes of a character cut by the end; a constrained output drops them (they would decode
            // to U+FFFD, which an enum or pattern may not allow) and the completion follows the whole
            // characters before them.
            String held = decoder.flush();
            emit(stops.push(closeConstraint ? "" : held) + stops.flush());
        }
        if (closeConstraint) {
            // Cut short (token limit, full context): close the structure so the output stays valid.
            emit(constraint.completion());
        }
        long end = System.nanoTime();
        result = new GenerationResult(text.toString(), Arrays.copyOf(generated, count), reason, req.promptLength(),
                prefillEnd - start, firstToken, end - prefillEnd, cache);
        listener.onComplete(result);
        return -1;
    }

    private void emit(String piece) {
        if (!piece.isEmpty()) {
            text.append(piece);
            listener.onText(piece);
        }
    }
}
