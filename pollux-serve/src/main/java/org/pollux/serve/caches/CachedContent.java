package org.pollux.serve.caches;

import java.util.List;
import org.pollux.serve.generate.wire.Content;
import org.pollux.serve.generate.wire.Tool;
import org.pollux.serve.generate.wire.ToolConfig;

/**
 * The {@code CachedContent} resource. On input: {@code model}, {@code contents},
 * {@code systemInstruction}, {@code tools}, {@code toolConfig}, {@code displayName} and one of
 * {@code ttl} / {@code expireTime}. On output (as the real service, whose content fields are
 * input-only): {@code name}, {@code model}, {@code displayName}, the three times and the token count.
 */
public record CachedContent(
        String name,
        String displayName,
        String model,
        List<Content> contents,
        Content systemInstruction,
        List<Tool> tools,
        ToolConfig toolConfig,
        String ttl,
        String expireTime,
        String createTime,
        String updateTime,
        Usage usageMetadata) {

    /** How many tokens the cached prefix holds. */
    public record Usage(int totalTokenCount) {}
}
