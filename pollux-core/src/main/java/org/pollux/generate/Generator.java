package org.pollux.generate;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;
import org.pollux.model.KvCache;
import org.pollux.model.LanguageModel;
import org.pollux.tokenizer.Tokenizer;

/**
 * The one generation loop that the CLI, the server and the evaluation harness share: check the
 * request, prefill the prompt (in chunks), then sample token by token, streaming text, until a
 * stop token, a stop sequence, the token limit, a full context, or cancellation.
 *
 * <p>Cache contract: afterwards the cache holds the prompt and every generated token except a
 * final stop token (and except the last token when the context filled), so a chat appends its
 * next turn right after the model's reply, and continuing a cache gives the same tokens as
 * running the whole conversation from scratch.
 */
public final class Generator {
    private final LanguageModel model;
    private final Tokenizer tokenizer;
    private final Function<Tokenizer, TokenTextDecoder> decoders;

    /** A generator that streams text through {@link Utf8Streamer}. */
    public Generator(LanguageModel model, Tokenizer tokenizer) {
        this(model, tokenizer, Utf8Streamer::new);
    }

    /** A generator that streams text through a fresh {@code decoders.apply(tokenizer)} per generation. */
    public Generator(LanguageModel model, Tokenizer tokenizer, Function<Tokenizer, TokenTextDecoder> decoders) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.decoders = decoders;
    }

    public LanguageModel model() {
        return model;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /**
     * Runs one generation, reporting to {@code listener} as it goes.
     *
     * @throws IllegalArgumentException before any model work when the prompt is empty, holds an id
     *     outside the vocabulary, or does not fit the context
     */
    public GenerationResult generate(GenerationRequest req, TokenStreamListener listener) {
        long start = System.nanoTime();
        int[] prompt = req.promptTokens();
        SamplingParams params = req.params();
        checkPromptIds(prompt);
        KvCache cache = req.cache() != null ? checkRoom(req.cache(), prompt.length)
                : freshCache(prompt.length, params.maxTokens());
        CancellationToken cancel = req.cancellation();

        Sampler sampler = new Sampler(params);
        sampler.setHistory(prompt);
        float[] logits = null;
        for (int off = 0; off < prompt.length; off += req.prefillChunk()) {
            if (cancel.isCancelled()) {
                long now = System.nanoTime() - start;
                return finish(listener, "", new int[0], FinishReason.CANCELLED, prompt.length, now, 0, 0, cache);
            }
            logits = model.forward(cache, prompt, off, Math.min(req.prefillChunk(), prompt.length - off), false);
        }
        long prefillEnd = System.nanoTime();

        Set<Integer> stopIds = req.allStopTokenIds();
        int vocab = Math.min(model.vocabSize(), tokenizer.vocabSize());
        TokenTextDecoder decoder = decoders.apply(tokenizer);
        StopSequenceMatcher stops = new StopSequenceMatcher(params.stopSequences());
        StringBuilder text = new StringBuilder();
        int[] generated = new int[Math.min(params.maxTokens(), 1024)];
        int count = 0;
        long firstToken = 0;
        FinishReason reason;
        while (true) {
            if (cancel.isCancelled()) {
                reason = FinishReason.CANCELLED;
                break;
            }
            Sampler.Choice choice = sampler.choose(logits, vocab, req.topLogprobs());
            int token = choice.token();
            if (count == 0) {
                firstToken = System.nanoTime() - start;
            }
            if (stopIds.contains(token)) {
                reason = FinishReason.STOP;
                break;
            }
            sampler.accept(token);
            if (count == generated.length) {
                generated = Arrays.copyOf(generated, generated.length * 2);
            }
            generated[count++] = token;
            listener.onToken(choice);
            emit(stops.push(decoder.push(token)), text, listener);
            if (cache.position() < cache.capacity()) {
                // Fed even when this is the last token, so the cache holds the whole reply.
                logits = model.forward(cache, new int[] {token}, 0, 1, false);
            }
            if (stops.stopped()) {
                reason = FinishReason.STOP;
                break;
            }
            if (count >= params.maxTokens()) {
                reason = FinishReason.MAX_TOKENS;
                break;
            }
            if (cache.position() >= cache.capacity()) {
                reason = FinishReason.CONTEXT_FULL;
                break;
            }
        }
        if (!stops.stopped()) {
            // Held-back text turned out not to start a stop sequence: release it.
            emit(stops.push(decoder.flush()) + stops.flush(), text, listener);
        }
        long end = System.nanoTime();
        return finish(listener, text.toString(), Arrays.copyOf(generated, count), reason, prompt.length,
                prefillEnd - start, firstToken, end - prefillEnd, cache);
    }

    private KvCache freshCache(int promptLength, int maxTokens) {
        if (promptLength > model.contextLength()) {
            throw new IllegalArgumentException("prompt has " + promptLength + " tokens, the model's context is "
                    + model.contextLength());
        }
        return model.newCache((int) Math.min(model.contextLength(), (long) promptLength + maxTokens));
    }

    private void checkPromptIds(int[] prompt) {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("the prompt is empty (it needs at least one token, e.g. BOS)");
        }
        for (int i = 0; i < prompt.length; i++) {
            if (prompt[i] < 0 || prompt[i] >= model.vocabSize()) {
                throw new IllegalArgumentException("prompt token " + i + " is id " + prompt[i]
                        + ", outside the model's vocabulary [0, " + model.vocabSize() + ")");
            }
        }
    }

    private static KvCache checkRoom(KvCache cache, int promptLength) {
        if (cache.position() + (long) promptLength > cache.capacity()) {
            throw new IllegalArgumentException("prompt has " + promptLength + " tokens but the cache already holds "
                    + cache.position() + " of its " + cache.capacity() + " positions");
        }
        return cache;
    }

    private static void emit(String piece, StringBuilder text, TokenStreamListener listener) {
        if (!piece.isEmpty()) {
            text.append(piece);
            listener.onText(piece);
        }
    }

    private static GenerationResult finish(TokenStreamListener listener, String text, int[] tokens, FinishReason reason,
            int promptTokens, long prefill, long first, long decode, KvCache cache) {
        GenerationResult r = new GenerationResult(text, tokens, reason, promptTokens, prefill, first, decode, cache);
        listener.onComplete(r);
        return r;
    }
}
