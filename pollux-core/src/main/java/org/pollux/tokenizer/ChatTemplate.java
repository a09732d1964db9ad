package org.pollux.tokenizer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.pollux.gguf.GgufMetadata;

/**
 * Turns a conversation into the text an instruction-tuned model was trained on. The result is
 * encoded with BOS and special parsing on, so markers such as {@code <start_of_turn>} become their
 * token ids.
 *
 * <ul>
 *   <li>GEMMA: {@code <start_of_turn>user\n…<end_of_turn>\n<start_of_turn>model\n}; the system text
 *       is merged into the first user turn with a blank line (Gemma has no system role).
 *   <li>LLAMA3: {@code <|start_header_id|>role<|end_header_id|>\n\n…<|eot_id|>}.
 *   <li>PLAIN: base models: the texts joined by newlines, nothing added.
 * </ul>
 */
public enum ChatTemplate {
    GEMMA,
    LLAMA3,
    PLAIN;

    /** The template a model file asks for: its {@code tokenizer.chat_template}, else its vocabulary. */
    public static ChatTemplate detect(GgufMetadata md, Tokenizer tok) {
        String t = md.getString("tokenizer.chat_template", "");
        if (t.contains("<start_of_turn>")) {
            return GEMMA;
        }
        if (t.contains("<|start_header_id|>")) {
            return LLAMA3;
        }
        if (tok.tokenId("<start_of_turn>").isPresent() && tok.tokenId("<end_of_turn>").isPresent()) {
            return GEMMA;
        }
        if (tok.tokenId("<|start_header_id|>").isPresent()) {
            return LLAMA3;
        }
        return PLAIN;
    }

    /** The whole conversation, ending with the opening of a model turn when asked. */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        StringBuilder sb = new StringBuilder();
        String pendingSystem = null;
        for (ChatMessage m : messages) {
            if (m.role().equals("system") && this == GEMMA) {
                pendingSystem = pendingSystem == null ? m.text().strip() : pendingSystem + "\n\n" + m.text().strip();
                continue;
            }
            String text = m.text();
            if (this == GEMMA && pendingSystem != null && m.role().equals("user")) {
                text = pendingSystem + "\n\n" + text.strip();
                pendingSystem = null;
            }
            sb.append(turn(m.role(), text));
        }
        if (pendingSystem != null) {
            sb.append(turn("user", pendingSystem));
        }
        if (addGenerationPrompt) {
            sb.append(generationPrompt());
        }
        return sb.toString();
    }

    private String turn(String role, String text) {
        return switch (this) {
            case GEMMA -> "<start_of_turn>" + role + "\n" + text.strip() + "<end_of_turn>\n";
            case LLAMA3 -> "<|start_header_id|>" + (role.equals("model") ? "assistant" : role) + "<|end_header_id|>\n\n"
                    + text.strip() + "<|eot_id|>";
            case PLAIN -> text + "\n";
        };
    }

    private String generationPrompt() {
        return switch (this) {
            case GEMMA -> "<start_of_turn>model\n";
            case LLAMA3 -> "<|start_header_id|>assistant<|end_header_id|>\n\n";
            case PLAIN -> "";
        };
    }

    /**
     * What to append after a model reply that ended on its stop token (which the generator does not
     * put in the cache) to add one user turn and open the next model turn.
     */
    public String continuation(String userText) {
        return switch (this) {
            case GEMMA -> "<end_of_turn>\n" + turn("user", userText) + generationPrompt();
            case LLAMA3 -> "<|eot_id|>" + turn("user", userText) + generationPrompt();
            case PLAIN -> "\n" + userText + "\n";
        };
    }

    /** Token ids that end a model turn: EOS plus the template's end-of-turn marker when present. */
    public Set<Integer> stopTokenIds(Tokenizer tok) {
        Set<Integer> ids = new LinkedHashSet<>();
        ids.add(tok.eosId());
        String marker = switch (this) {
            case GEMMA -> "<end_of_turn>";
            case LLAMA3 -> "<|eot_id|>";
            case PLAIN -> null;
        };
        if (marker != null) {
            tok.tokenId(marker).ifPresent(ids::add);
        }
        return ids;
    }
}
