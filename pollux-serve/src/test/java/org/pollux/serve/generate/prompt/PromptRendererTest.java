package org.pollux.serve.generate.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.pollux.models.EmbeddedModel;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.generate.wire.Content;
import org.pollux.serve.generate.wire.FunctionCall;
import org.pollux.serve.generate.wire.FunctionResponse;
import org.pollux.serve.generate.wire.Part;
import org.pollux.serve.models.ModelFiles;
import org.pollux.tokenizer.ChatMessage;
import org.pollux.tokenizer.ChatTemplate;
import org.pollux.tokenizer.Tokenizer;

/** The documented prompt format, and the prefix property cached contents rely on. */
class PromptRendererTest {
    static final Tokenizer TOK;

    static {
        try (ModelFiles.Opened m = ModelFiles.openEmbedded(EmbeddedModel.STORIES_260K, 1)) {
            TOK = m.model().tokenizer();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static FunctionTools weather(FunctionTools.Mode mode) {
        ObjectNode params = ApiJson.MAPPER.createObjectNode().put("type", "object");
        params.putObject("properties").putObject("city").put("type", "string");
        return new FunctionTools(List.of(new FunctionTools.Function("get_weather", "Get weather", params)), mode,
                Set.of("get_weather"));
    }

    static Part call() {
        return new Part(null, null, null, new FunctionCall(null, "get_weather",
                ApiJson.MAPPER.createObjectNode().put("city", "Paris")), null, null, null, null, "AQID", null, null);
    }

    static Part result() {
        return new Part(null, null, null, null, new FunctionResponse("c1", "get_weather",
                ApiJson.MAPPER.createObjectNode().put("temp", 20), null, null, null), null, null, null, null, null, null);
    }

    @Test
    void toolsCallsAndResultsAreFencedJsonInTheirTurns() {
        ContentReader reader = new ContentReader(FileResolver.NONE, "models/m");
        List<ChatMessage> turns = List.of(reader.turn(new Content(null, List.of(Part.ofText("weather?"))), "c[0]"),
                reader.turn(new Content("model", List.of(Part.ofText("Let me check."), call())), "c[1]"),
                reader.turn(new Content("function", List.of(result())), "c[2]"));
        Conversation c = new Conversation("Be terse.", weather(FunctionTools.Mode.AUTO), turns);
        String text = ChatTemplate.PLAIN.render(c.messages(), true);
        assertThat(text).isEqualTo("""
                Be terse.

                Functions you can call (parameters as JSON Schema):
                ```function_declarations
                {"name":"get_weather","description":"Get weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}
                ```
                To call functions, end your answer with one block per call:
                ```function_call
                {"name":"...","args":{...}}
                ```
                Results come back in ```function_response blocks.
                weather?
                Let me check.
                ```function_call
                {"name":"get_weather","args":{"city":"Paris"}}
                ```

                ```function_response
                {"id":"c1","name":"get_weather","response":{"temp":20}}
                ```

                """);
        assertThat(c.messages().get(3).role()).isEqualTo("user");
        String gemma = ChatTemplate.GEMMA.render(new Conversation("Be terse.", FunctionTools.NONE, turns.subList(0, 1))
                .messages(), true);
        assertThat(gemma).isEqualTo("<start_of_turn>user\nBe terse.\n\nweather?<end_of_turn>\n<start_of_turn>model\n");
    }

    @Test
    void modeNoneAndAnyChangeWhatTheSystemTurnSays() {
        assertThat(new Conversation("", new FunctionTools(weather(FunctionTools.Mode.AUTO).functions(),
                FunctionTools.Mode.NONE, Set.of()), List.of(ChatMessage.user("x"))).messages()).hasSize(1);
        assertThat(ToolPromptFormat.declarations(weather(FunctionTools.Mode.ANY))).contains("Answer with a function call.");
    }

    @Test
    void textPartsJoinAsTheyAreAndThoughtsAreLeftOut() {
        ContentReader reader = new ContentReader(FileResolver.NONE, "models/m");
        Part thought = new Part("secret plan", null, null, null, null, null, null, true, null, null, null);
        Part file = new Part(null, new Part.Blob("text/markdown; charset=utf-8", "IyBUaXRsZQ=="), null, null, null,
                null, null, null, null, null, null);
        ChatMessage m = reader.turn(new Content("model", List.of(Part.ofText("Once upon"), thought,
                Part.ofText(" a time"), file)), "c");
        assertThat(m.text()).isEqualTo("Once upon a time\n# Title\n");
    }

    /** The ids of a cached prefix are the first ids of every prompt continuing it (plain template, SentencePiece). */
    @Property(tries = 60, seed = "20261122")
    void cachedPrefixTokensArePromptPrefixes(
            @ForAll @Size(min = 1, max = 4) List<@StringLength(min = 1, max = 25) @AlphaChars @Chars({' ', '.', ','}) String> cached,
            @ForAll @Size(min = 1, max = 3) List<@StringLength(min = 1, max = 25) @AlphaChars @Chars({' ', '?'}) String> asked,
            @ForAll @IntRange(min = 0, max = 1) int withSystem) {
        PromptRenderer r = new PromptRenderer(ChatTemplate.PLAIN, TOK);
        List<ChatMessage> prefixTurns = cached.stream().map(ChatMessage::user).toList();
        Conversation prefix = new Conversation(withSystem == 1 ? "You are kind." : "", FunctionTools.NONE, prefixTurns);
        List<ChatMessage> more = new ArrayList<>(asked.stream().map(ChatMessage::user).toList());
        int[] p = r.render(prefix, false).tokens();
        int[] full = r.render(prefix.followedBy(more), true).tokens();
        assertThat(Arrays.copyOf(full, p.length)).isEqualTo(p);
    }
}
