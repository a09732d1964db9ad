package org.pollux.serve.generate.prompt;

import org.pollux.tokenizer.ChatTemplate;
import org.pollux.tokenizer.Tokenizer;

/**
 * The one way a conversation becomes tokens (generateContent, countTokens and cached contents all
 * come here): the model's chat template, then the tokenizer with its usual BOS and with special
 * tokens parsed (so turn markers become their ids).
 *
 * <p>Prefixes: a cached content is rendered without the generation prompt and encoded the same
 * way. With templates that delimit turns by special tokens (Gemma, Llama 3) the tokenizer splits
 * at those tokens before anything else, so the cache's ids are exactly the first ids of every
 * prompt that continues it. Where that cannot hold (the plain template, whose BPE may merge
 * across a turn boundary, or Gemma folding the system text into the next user turn), the reuse
 * is the longest common prefix: see {@link #commonPrefix}.
 */
public final class PromptRenderer {
    private final ChatTemplate template;
    private final Tokenizer tokenizer;

    public PromptRenderer(ChatTemplate template, Tokenizer tokenizer) {
        this.template = template;
        this.tokenizer = tokenizer;
    }

    /** The conversation's prompt; with {@code generationPrompt}, ending with the opening of a model turn. */
    public RenderedPrompt render(Conversation c, boolean generationPrompt) {
        String text = template.render(c.messages(), generationPrompt);
        return new RenderedPrompt(text, tokenizer.encode(text, tokenizer.addBosByDefault(), true));
    }

    /** How many leading ids {@code a} and {@code b} share. */
    public static int commonPrefix(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        int i = 0;
        while (i < n && a[i] == b[i]) {
            i++;
        }
        return i;
    }
}
