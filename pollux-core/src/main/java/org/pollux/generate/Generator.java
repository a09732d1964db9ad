package org.pollux.generate;

import java.util.Arrays;
import org.pollux.model.KvCache;
import org.pollux.model.LanguageModel;
import org.pollux.tokenizer.Tokenizer;

/**
 * The one generation loop that the CLI, the server and the evaluation harness share: prefill the
 * prompt in chunks, then sample token by token, streaming text, until a stop token, a stop
 * sequence, the token limit, a full context, or cancellation.
 *
 * <p>Cache contract: every generated token except a final stop token is in the cache afterwards,
 * so a chat can append its next turn right after the model's reply.
 */
public final class Generator {
    private final LanguageModel model;
    private final Tokenizer tokenizer;

    public Generator(LanguageModel model, Tokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    public LanguageModel model() {
        return model;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public GenerationResult generate(GenerationRequest req, TokenStreamListener listener) {
        long start = System.nanoTime();
        int[] prompt = req.promptTokens();
        SamplingParams params = req.params();
        KvCache cache = req.cache();
        if (cache == null) {
            if (prompt.length > model.contextLength()) {
                throw new IllegalArgumentException("prompt has " + prompt.length + " tokens, the model's context is "
                        + model.contextLength());
            }
            cache = model.newCache((int) Math.min(model.contextLength(), (long) prompt.length + params.maxTokens()));
        } else if (cache.position() + prompt.length > cache.capacity()) {
            throw new IllegalArgumentException("prompt has " + prompt.length + " tokens and the conversation "
                    + cache.position() + ", more than the context of " + cache.capacity());
        }
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt is empty (it needs at least a BOS token)");
        }
        Sampler sampler = new Sampler(params);
        sampler.setHistory(prompt);
        float[] logits = null;
        for (int off = 0; off < prompt.length; off += req.prefillChunk()) {
            if (req.cancellation().isCancelled()) {
                return finish(listener, "", new int[0], FinishReason.CANCELLED, prompt.length, System.nanoTime() - start,
                        0, 0);
            }
            int len = Math.min(req.prefillChunk(), prompt.length - off);
            logits = model.forward(cache, prompt, off, len, false);
        }
        long prefillNanos = System.nanoTime() - start;
        Utf8Streamer streamer = new Utf8Streamer(tokenizer);
        StopSequenceMatcher stops = new StopSequenceMatcher(params.stopSequences());
        StringBuilder text = new StringBuilder();
        int[] generated = new int[Math.min(params.maxTokens(), 1 << 16)];
        int count = 0;
        long firstToken = 0;
        FinishReason reason;
        while (true) {
            if (req.cancellation().isCancelled()) {
                reason = FinishReason.CANCELLED;
                break;
            }
            Sampler.Choice choice = sampler.choose(logits, req.topLogprobs());
            if (count == 0) {
                firstToken = System.nanoTime() - start;
            }
            int token = choice.token();
            if (req.stopTokenIds().contains(token)) {
                reason = FinishReason.STOP;
                break;
            }
            sampler.accept(token);
            if (count == generated.length) {
                generated = Arrays.copyOf(generated, generated.length * 2);
            }
            generated[count++] = token;
            listener.onToken(choice);
            String piece = stops.push(streamer.push(token));
            if (!piece.isEmpty()) {
                text.append(piece);
                listener.onText(piece);
            }
            if (cache.position() < cache.capacity()) {
                // Feed the token even when stopping now, so the cache holds the whole reply.
                logits = model.forward(cache, new int[] {token}, 0, 1, false);
            }
            boolean full = cache.position() >= cache.capacity();
            if (stops.stopped()) {
                reason = FinishReason.STOP;
                break;
            }
            if (count >= params.maxTokens()) {
                reason = FinishReason.MAX_TOKENS;
                break;
            }
            if (full) {
                reason = FinishReason.CONTEXT_FULL;
                break;
            }
        }
        if (!stops.stopped()) {
            String tail = stops.push(streamer.flush()) + stops.flush();
            if (!tail.isEmpty()) {
                text.append(tail);
                listener.onText(tail);
            }
        }
        long end = System.nanoTime();
        return finish(listener, text.toString(), Arrays.copyOf(generated, count), reason, prompt.length, prefillNanos,
                firstToken, count == 0 ? 0 : end - start - firstToken);
    }

    private static GenerationResult finish(TokenStreamListener listener, String text, int[] tokens, FinishReason reason,
            int promptTokens, long prefill, long first, long decode) {
        GenerationResult r = new GenerationResult(text, tokens, reason, promptTokens, prefill, first, decode);
        listener.onComplete(r);
        return r;
    }
}
