package org.pollux.generate;

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
public final class Generator implements GenerationService {
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
    @Override
    public GenerationResult generate(GenerationRequest req, TokenStreamListener listener) {
        long start = System.nanoTime();
        int[] prompt = req.promptTokens();
        checkPromptIds(model, prompt);
        KvCache cache = req.cache() != null ? checkRoom(req.cache(), prompt.length)
                : freshCache(model, prompt.length, req.params().maxTokens());
        float[] logits = null;
        FinishReason stop = null;
        for (int off = 0; off < prompt.length; off += req.prefillChunk()) {
            stop = req.cancellation().stopReason();
            if (stop != null) {
                break;
            }
            logits = model.forward(cache, prompt, off, Math.min(req.prefillChunk(), prompt.length - off), false);
        }
        ActiveSequence seq = new ActiveSequence(req, listener, cache, tokenizer, decoders.apply(tokenizer),
                Math.min(model.vocabSize(), tokenizer.vocabSize()), start, System.nanoTime());
        if (stop != null) {
            seq.end(stop);
            return seq.result();
        }
        while (true) {
            int token = seq.choose(logits);
            if (token < 0) {
                break;
            }
            if (cache.position() < cache.capacity()) {
                // Fed even when this is the last token, so the cache holds the whole reply.
                logits = model.forward(cache, new int[] {token}, 0, 1, false);
            }
            if (seq.afterFeed()) {
                break;
            }
        }
        return seq.result();
    }

    /** A cache for the prompt and up to {@code maxTokens} more, capped at the model's context. */
    public static KvCache freshCache(LanguageModel model, int promptLength, int maxTokens) {
        checkContext(model, promptLength);
        return model.newCache((int) Math.min(model.contextLength(), (long) promptLength + maxTokens));
    }

    /** Rejects a prompt longer than the model's context. */
    public static void checkContext(LanguageModel model, int promptLength) {
        if (promptLength > model.contextLength()) {
            throw new IllegalArgumentException("prompt has " + promptLength + " tokens, the model's context is "
                    + model.contextLength());
        }
    }

    /** Rejects an empty prompt or ids outside the model's vocabulary. */
    public static void checkPromptIds(LanguageModel model, int[] prompt) {
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

    /** Returns {@code cache} when the prompt fits behind what it holds. */
    public static KvCache checkRoom(KvCache cache, int promptLength) {
        if (cache.position() + (long) promptLength > cache.capacity()) {
            throw new IllegalArgumentException("prompt has " + promptLength + " tokens but the cache already holds "
                    + cache.position() + " of its " + cache.capacity() + " positions");
        }
        return cache;
    }
}
