package org.pollux.serve.caches;

import java.util.concurrent.locks.ReentrantLock;
import org.pollux.model.KvCache;
import org.pollux.model.LanguageModel;
import org.pollux.serve.generate.prompt.CachedPrefix;
import org.pollux.serve.generate.prompt.ContentReader;
import org.pollux.serve.generate.prompt.Conversation;
import org.pollux.serve.generate.prompt.ConversationReader;
import org.pollux.serve.generate.prompt.FileResolver;
import org.pollux.serve.generate.prompt.Invalid;
import org.pollux.serve.generate.prompt.PromptRenderer;
import org.pollux.serve.generate.prompt.RenderedPrompt;
import org.pollux.serve.models.ServedModel;

/**
 * Renders a cached content's prefix (as generateContent renders the start of every prompt that
 * continues it, without the opening of a model turn) and runs it through the model once, under
 * the model's lock, into a KV cache sized to exactly that prefix.
 */
final class CachePrefill {
    private static final int CHUNK = 512;

    private CachePrefill() {}

    static CachedPrefix prefill(ServedModel m, String name, CachedContent req, FileResolver files, boolean strict) {
        Conversation c = ConversationReader.read(new ContentReader(files, m.resourceName()), "CachedContent",
                req.contents(), req.systemInstruction(), req.tools(), req.toolConfig(), false, strict);
        if (c.turns().isEmpty() && c.system().isBlank() && !c.tools().active()) {
            throw Invalid.at("CachedContent", "a cached content needs contents, a systemInstruction or tools.");
        }
        RenderedPrompt p = new PromptRenderer(m.template(), m.tokenizer()).render(c, false);
        LanguageModel model = m.model();
        if (p.length() >= model.contextLength()) {
            throw Invalid.at("CachedContent.contents", "The cached content has " + p.length() + " tokens; "
                    + m.resourceName() + " has a context of " + model.contextLength()
                    + " tokens, and a request must still fit after it.");
        }
        int[] ids = p.tokens();
        ReentrantLock lock = m.modelLock();
        lock.lock();
        try {
            KvCache kv = model.newCache(ids.length);
            for (int off = 0; off < ids.length; off += CHUNK) {
                model.forward(kv, ids, off, Math.min(CHUNK, ids.length - off), false);
            }
            return new CachedPrefix(name, m.id(), req.contents(), req.systemInstruction(), req.tools(),
                    req.toolConfig(), ids, kv);
        } finally {
            lock.unlock();
        }
    }
}
