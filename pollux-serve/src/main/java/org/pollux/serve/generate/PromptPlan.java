package org.pollux.serve.generate;

import org.pollux.serve.generate.prompt.CachedPrefix;
import org.pollux.serve.generate.prompt.Conversation;
import org.pollux.serve.generate.prompt.RenderedPrompt;

/**
 * A request's prompt: the checked conversation (a cached content's turns first), its ids, and how
 * many leading ids a cached content already holds in its KV cache.
 *
 * @param cache null when the request names no cached content
 * @param reusable leading prompt ids found in {@code cache} (at most the prompt length − 1, so
 *     one id is always run to get the next token's logits)
 */
public record PromptPlan(Conversation conversation, RenderedPrompt prompt, CachedPrefix cache, int reusable) {}
