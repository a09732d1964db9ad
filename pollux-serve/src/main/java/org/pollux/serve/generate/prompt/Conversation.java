package org.pollux.serve.generate.prompt;

import java.util.ArrayList;
import java.util.List;
import org.pollux.tokenizer.ChatMessage;

/**
 * A checked request as chat turns: the system text, the function tools, and the turns in order.
 * The system turn is the system instruction followed by the function declarations.
 */
public record Conversation(String system, FunctionTools tools, List<ChatMessage> turns) {

    public Conversation {
        system = system == null ? "" : system;
        turns = List.copyOf(turns);
    }

    /** The same conversation with {@code more} turns after these. */
    public Conversation followedBy(List<ChatMessage> more) {
        List<ChatMessage> all = new ArrayList<>(turns);
        all.addAll(more);
        return new Conversation(system, tools, all);
    }

    /** The chat messages to render: a system message (when there is system text or tools), then the turns. */
    public List<ChatMessage> messages() {
        String declarations = ToolPromptFormat.declarations(tools);
        String sys = system.isBlank() ? declarations
                : declarations.isEmpty() ? system : system.strip() + "\n\n" + declarations;
        List<ChatMessage> out = new ArrayList<>(turns.size() + 1);
        if (!sys.isEmpty()) {
            out.add(ChatMessage.system(sys));
        }
        out.addAll(turns);
        return out;
    }
}
