package org.pollux.tokenizer;

import java.util.List;
import java.util.TreeSet;
import org.pollux.gguf.GgufMetadata;
import org.pollux.gguf.GgufType;

/**
 * Prompt formats for chat. The rendered text contains special-token text (e.g.
 * {@code <start_of_turn>}) and must be encoded with {@code parseSpecial = true}; BOS is not part of it
 * (encode with {@code addBos = tokenizer.addBosByDefault()}).
 *
 * <p>For multi-turn chat that keeps its KV cache, {@link #renderFollowUp} gives only the text to
 * append after the model's reply, so that
 * {@code render(history, true) + reply + renderFollowUp(next)} equals
 * {@code render(history + [model(reply), next], true)} (with the reply trimmed where the template
 * trims). It assumes the stop token that ended the reply was not fed to the model.
 */
public enum ChatTemplate {
    /**
     * Gemma (all versions): {@code <start_of_turn>user\n…<end_of_turn>\n<start_of_turn>model\n};
     * content is trimmed; system text is merged into the first user turn followed by a blank line.
     */
    GEMMA {
        @Override
        public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
            StringBuilder sb = new StringBuilder();
            String system = "";
            for (ChatMessage m : messages) {
                if (m.isSystem()) {
                    system = system.isEmpty() ? m.text().strip() : system + "\n\n" + m.text().strip();
                    continue;
                }
                String role = m.isModel() ? ChatMessage.MODEL : m.role();
                sb.append(START).append(role).append('\n');
                if (!system.isEmpty() && !m.isModel()) {
                    sb.append(system).append("\n\n");
                    system = "";
                }
                sb.append(m.text().strip()).append(END).append('\n');
            }
            if (addGenerationPrompt) {
                sb.append(START).append(ChatMessage.MODEL).append('\n');
            }
            return sb.toString();
        }

        @Override
        public String renderFollowUp(ChatMessage user) {
            return END + "\n" + render(List.of(user), true);
        }

        @Override
        List<String> stopPieces() {
            return List.of(END);
        }
    },

    /** Llama 3: {@code <|start_header_id|>role<|end_header_id|>\n\n…<|eot_id|>}, content trimmed. */
    LLAMA3 {
        @Override
        public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
            StringBuilder sb = new StringBuilder();
            for (ChatMessage m : messages) {
                header(sb, m.isModel() ? ChatMessage.ASSISTANT : m.role());
                sb.append(m.text().strip()).append(EOT);
            }
            if (addGenerationPrompt) {
                header(sb, ChatMessage.ASSISTANT);
            }
            return sb.toString();
        }

        private static void header(StringBuilder sb, String role) {
            sb.append("<|start_header_id|>").append(role).append("<|end_header_id|>\n\n");
        }

        @Override
        public String renderFollowUp(ChatMessage user) {
            return EOT + render(List.of(user), true);
        }

        @Override
        List<String> stopPieces() {
            return List.of(EOT, "<|end_of_text|>");
        }
    },

    /** Base models: the texts concatenated as they are, no markers. */
    PLAIN {
        @Override
        public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
            StringBuilder sb = new StringBuilder();
            for (ChatMessage m : messages) {
                sb.append(m.text());
            }
            return sb.toString();
        }

        @Override
        public String renderFollowUp(ChatMessage user) {
            return user.text();
        }

        @Override
        List<String> stopPieces() {
            return List.of();
        }
    };

    private static final String START = "<start_of_turn>";
    private static final String END = "<end_of_turn>";
    private static final String EOT = "<|eot_id|>";

    /** The prompt text for a conversation, ending with the model's turn opener when asked. */
    public abstract String render(List<ChatMessage> messages, boolean addGenerationPrompt);

    /**
     * The text to append after a finished model reply (its stop token not fed) to add one user turn
     * and open the model's next turn.
     */
    public abstract String renderFollowUp(ChatMessage user);

    /** Template-specific end-of-turn pieces, besides EOS. */
    abstract List<String> stopPieces();

    /** Ids that end generation: EOS and the template's end-of-turn tokens present in the vocabulary. */
    public int[] stopTokenIds(Tokenizer tokenizer) {
        TreeSet<Integer> ids = new TreeSet<>();
        if (tokenizer.eosId() >= 0) {
            ids.add(tokenizer.eosId());
        }
        for (String p : stopPieces()) {
            tokenizer.tokenId(p).ifPresent(ids::add);
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Detects the format from a GGUF's {@code tokenizer.chat_template}, architecture and vocabulary. */
    public static ChatTemplate detect(GgufMetadata metadata, Tokenizer tokenizer) {
        String template = metadata.get(GgufTokenizerKeys.CHAT_TEMPLATE)
                .filter(v -> v.type() == GgufType.STRING).map(v -> (String) v.value()).orElse(null);
        String arch = metadata.get("general.architecture")
                .filter(v -> v.type() == GgufType.STRING).map(v -> (String) v.value()).orElse("");
        return detect(arch, template, tokenizer);
    }

    /**
     * Detects the format: a Jinja template naming Gemma or Llama 3 markers decides; otherwise a Gemma
     * architecture whose vocabulary has the turn markers is Gemma, a vocabulary with Llama 3 headers
     * is Llama 3, and anything else is {@link #PLAIN}.
     *
     * @param chatTemplate the Jinja chat template text, or null
     */
    public static ChatTemplate detect(String architecture, String chatTemplate, Tokenizer tokenizer) {
        if (chatTemplate != null && chatTemplate.contains(START)) {
            return GEMMA;
        }
        if (chatTemplate != null && chatTemplate.contains("<|start_header_id|>")) {
            return LLAMA3;
        }
        boolean gemmaMarkers = tokenizer.tokenId(START).isPresent() && tokenizer.tokenId(END).isPresent();
        if (architecture != null && architecture.startsWith("gemma") && gemmaMarkers) {
            return GEMMA;
        }
        if (tokenizer.tokenId("<|start_header_id|>").isPresent() && tokenizer.tokenId(EOT).isPresent()) {
            return LLAMA3;
        }
        return PLAIN;
    }
}
