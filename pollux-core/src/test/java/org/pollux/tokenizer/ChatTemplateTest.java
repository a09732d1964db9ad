package org.pollux.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChatTemplateTest {
    private final List<ChatMessage> chat = List.of(ChatMessage.system("Be brief."), ChatMessage.user(" Hi! "),
            ChatMessage.model("Hello."), ChatMessage.user("Why?"));

    @Test
    void gemmaMergesSystemIntoFirstUserTurn() {
        assertThat(ChatTemplate.GEMMA.render(chat, true)).isEqualTo(
                "<start_of_turn>user\nBe brief.\n\nHi!<end_of_turn>\n"
                        + "<start_of_turn>model\nHello.<end_of_turn>\n"
                        + "<start_of_turn>user\nWhy?<end_of_turn>\n"
                        + "<start_of_turn>model\n");
    }

    @Test
    void llama3UsesHeaders() {
        assertThat(ChatTemplate.LLAMA3.render(List.of(ChatMessage.system("S"), ChatMessage.user("U")), true)).isEqualTo(
                "<|start_header_id|>system<|end_header_id|>\n\nS<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nU<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    @Test
    void continuationEqualsRenderingTheLongerConversation() {
        String first = ChatTemplate.GEMMA.render(List.of(ChatMessage.user("Hi!")), true) + "Hello.";
        String next = first + ChatTemplate.GEMMA.continuation("Why?");
        assertThat(next).isEqualTo(ChatTemplate.GEMMA.render(List.of(ChatMessage.user("Hi!"), ChatMessage.model("Hello."),
                ChatMessage.user("Why?")), true));
    }

    @Test
    void gemmaTemplateEncodesMarkersAsSingleTokens() {
        Tokenizer tok = SharedTokenizers.gemma3();
        int[] ids = tok.encode(ChatTemplate.GEMMA.render(List.of(ChatMessage.user("Hi")), true), true, true);
        assertThat(ids[0]).isEqualTo(2);
        assertThat(ids[1]).isEqualTo(105);
        assertThat(ChatTemplate.GEMMA.stopTokenIds(tok)).containsExactly(1, 106);
    }
}
