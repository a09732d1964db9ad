package org.pollux.serve.generate.prompt;

import java.util.List;
import org.pollux.model.KvCache;
import org.pollux.serve.generate.wire.Content;
import org.pollux.serve.generate.wire.Tool;
import org.pollux.serve.generate.wire.ToolConfig;

/**
 * A cached content as generation sees it: what it holds (replayed in front of a request's own
 * contents) and its prefilled state.
 *
 * @param name {@code cachedContents/…}
 * @param modelId the model it was prefilled with (a request must name the same one)
 * @param tokens the ids in {@code kv}: the rendered prefix
 * @param kv positions {@code [0, tokens.length)}; never modified (requests run on copies)
 */
public record CachedPrefix(
        String name,
        String modelId,
        List<Content> contents,
        Content systemInstruction,
        List<Tool> tools,
        ToolConfig toolConfig,
        int[] tokens,
        KvCache kv) {}
