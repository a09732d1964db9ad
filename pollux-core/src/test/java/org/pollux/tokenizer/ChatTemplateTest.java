package org.pollux.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pollux.gguf.GgufMetadata;
import org.pollux.gguf.GgufType;
import org.pollux.gguf.GgufValue;
import org.pollux.gguf.GgufValue.GgufArray;

/** Exact chat renderings, the incremental follow-up rule, detection and stop tokens. */
class ChatTemplateTest {
    private static final List<ChatMessage> CONVERSATION = List.of(
            ChatMessage.system("You are terse. "),
            ChatMessage.user(" Hi "),
            new ChatMessage(ChatMessage.ASSISTANT, "Hello!\n"),
            ChatMessage.user("Bye"));

    @Test
    void gemmaMergesSystemIntoFirstUserTurn() {
        assertThat(ChatTemplate.GEMMA.render(CONVERSATION, true)).isEqualTo(
                "<start_of_turn>user\nYou are terse.\n\nHi<end_of_turn>\n"
                        + "<start_of_turn>model\nHello!<end_of_turn>\n"
                        + "<start_of_turn>user\nBye<end_of_turn>\n"
                        + "<start_of_turn>model\n");
        assertThat(ChatTemplate.GEMMA.render(List.of(ChatMessage.user("Hi")), false))
                .isEqualTo("<start_of_turn>user\nHi<end_of_turn>\n");
    }

    @Test
    void llama3UsesHeaders() {
        assertThat(ChatTemplate.LLAMA3.render(CONVERSATION, true)).isEqualTo(
                "<|start_header_id|>system<|end_header_id|>\n\nYou are terse.<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nBye<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    @Test
    void plainConcatenates() {
        assertThat(ChatTemplate.PLAIN.render(CONVERSATION, true)).isEqualTo("You are terse.  Hi Hello!\nBye");
    }

    @Test
    void followUpContinuesARenderedConversation() {
        List<ChatMessage> first = List.of(ChatMessage.system("Be kind."), ChatMessage.user("Hi"));
        String reply = "Hello there.";
        ChatMessage next = ChatMessage.user("How are you?");
        for (ChatTemplate template : ChatTemplate.values()) {
            List<ChatMessage> all = new ArrayList<>(first);
            all.add(ChatMessage.model(reply));
            all.add(next);
            assertThat(template.render(first, true) + reply + template.renderFollowUp(next))
                    .as(template.name()).isEqualTo(template.render(all, true));
        }
        assertThat(ChatTemplate.GEMMA.renderFollowUp(next))
                .isEqualTo("<end_of_turn>\n<start_of_turn>user\nHow are you?<end_of_turn>\n<start_of_turn>model\n");
    }

    @Test
    void gemmaPromptEncodesToTurnMarkers() {
        Tokenizer g = TokenizerFixtures.gemma3();
        String prompt = ChatTemplate.GEMMA.render(List.of(ChatMessage.user("Hi there")), true);
        assertThat(g.encode(prompt, g.addBosByDefault(), true))
                .containsExactly(2, 105, 2364, 107, 10979, 993, 106, 107, 105, 4368, 107);
        assertThat(ChatTemplate.GEMMA.stopTokenIds(g)).containsExactly(1, 106);
    }

    @Test
    void detectsFromTemplateTextArchitectureAndVocabulary() {
        Tokenizer gemma = TokenizerFixtures.gemma3();
        Tokenizer llama2 = TokenizerFixtures.llamaSpmGguf();
        assertThat(ChatTemplate.detect("gemma3", null, gemma)).isEqualTo(ChatTemplate.GEMMA);
        assertThat(ChatTemplate.detect("llama", null, llama2)).isEqualTo(ChatTemplate.PLAIN);
        assertThat(ChatTemplate.detect("llama", "{{ '<start_of_turn>' + role }}", llama2)).isEqualTo(ChatTemplate.GEMMA);
        assertThat(ChatTemplate.detect("llama", "{{ '<|start_header_id|>' }}", llama2)).isEqualTo(ChatTemplate.LLAMA3);
        assertThat(ChatTemplate.PLAIN.stopTokenIds(llama2)).containsExactly(2);

        // A toy Llama 3 style vocabulary: the 256 byte-level characters, "ab", then the markers.
        List<String> tokens = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            tokens.add(ByteLevel.encode(String.valueOf((char) b)).substring(0, 1));
        }
        tokens.addAll(List.of("ab", "<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"));
        long[] types = new long[tokens.size()];
        java.util.Arrays.fill(types, 1);
        java.util.Arrays.fill(types, 257, types.length, 3);
        Map<String, GgufValue> m = new LinkedHashMap<>();
        m.put("general.architecture", GgufValue.ofString("llama"));
        m.put("tokenizer.ggml.model", GgufValue.ofString("gpt2"));
        m.put("tokenizer.ggml.tokens", GgufValue.ofArray(GgufArray.ofStrings(tokens.toArray(String[]::new))));
        m.put("tokenizer.ggml.token_type", GgufValue.ofArray(GgufArray.ofInts(GgufType.INT32, types)));
        m.put("tokenizer.ggml.merges", GgufValue.ofArray(GgufArray.ofStrings("a b")));
        m.put("tokenizer.ggml.pre", GgufValue.ofString("llama-bpe"));
        m.put("tokenizer.ggml.bos_token_id", GgufValue.ofU32(257));
        m.put("tokenizer.ggml.eos_token_id", GgufValue.ofU32(258));
        GgufMetadata md = new GgufMetadata(null, m);
        Tokenizer llama3 = Tokenizers.fromGguf(md);
        assertThat(ChatTemplate.detect(md, llama3)).isEqualTo(ChatTemplate.LLAMA3);
        assertThat(ChatTemplate.LLAMA3.stopTokenIds(llama3)).containsExactly(258, 261);
        String prompt = ChatTemplate.LLAMA3.render(List.of(ChatMessage.user("ab")), true);
        int[] ids = llama3.encode(prompt, true, true);
        assertThat(ids).startsWith(257, 259, 'u', 's', 'e', 'r', 260, '\n', '\n', 256, 261, 259);
        assertThat(llama3.decode(ids)).isEqualTo("user\n\nab" + "assistant\n\n");
    }
}
