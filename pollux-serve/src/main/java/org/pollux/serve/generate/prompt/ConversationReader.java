package org.pollux.serve.generate.prompt;

import java.util.ArrayList;
import java.util.List;
import org.pollux.serve.generate.wire.Content;
import org.pollux.serve.generate.wire.Tool;
import org.pollux.serve.generate.wire.ToolConfig;
import org.pollux.tokenizer.ChatMessage;

/** Checks the prompt-side fields of a request (or of a cached content) and builds its {@link Conversation}. */
public final class ConversationReader {
    private ConversationReader() {}

    /**
     * @param message the request message's name, the start of every error path
     * @param requireContents whether {@code contents} must be non-empty (requests: yes; caches may
     *     hold only a system instruction)
     */
    public static Conversation read(ContentReader reader, String message, List<Content> contents,
            Content systemInstruction, List<Tool> tools, ToolConfig toolConfig, boolean requireContents,
            boolean strict) {
        if (requireContents && (contents == null || contents.isEmpty())) {
            throw Invalid.at(message + ".contents", "contents is not specified.");
        }
        String system = reader.system(systemInstruction, message + ".systemInstruction");
        FunctionTools fns = ToolsReader.read(tools, toolConfig, message, strict);
        return new Conversation(system, fns, turns(reader, message + ".contents", contents));
    }

    /** The turns of {@code contents}, paths starting at {@code path}. */
    public static List<ChatMessage> turns(ContentReader reader, String path, List<Content> contents) {
        List<ChatMessage> turns = new ArrayList<>();
        if (contents != null) {
            for (int i = 0; i < contents.size(); i++) {
                turns.add(reader.turn(contents.get(i), path + "[" + i + "]"));
            }
        }
        return turns;
    }
}
