package org.pollux.serve.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pollux.serve.TestServer;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.generate.prompt.FileResolver;

/**
 * Mode AUTO end to end, with a scripted model answer: text and calls become parts in order, a
 * stream sends the text as it comes and the call whole in the last chunk, and a broken call is
 * MALFORMED_FUNCTION_CALL.
 */
class AutoFunctionCallingTest {
    static final String TOOLS = ",\"tools\":[{\"functionDeclarations\":[{\"name\":\"get_weather\",\"parameters\":"
            + "{\"type\":\"OBJECT\",\"properties\":{\"city\":{\"type\":\"STRING\"}}}}]}]";
    static final String BODY = "{\"contents\":[{\"parts\":[{\"text\":\"weather?\"}]}]" + TOOLS + "}";
    static final String PATH = "/v1beta/models/" + TestServer.MODEL;

    static JsonNode generate(String script) throws Exception {
        try (WiredServer w = new WiredServer(ConstraintFactory.UNAVAILABLE, FileResolver.NONE,
                (g, lock) -> new ScriptedService(script, 3))) {
            return ApiJson.MAPPER.readTree(Http.post(w.baseUrl(), PATH + ":generateContent", BODY).body())
                    .path("candidates").get(0);
        }
    }

    @Test
    void textThenACallBecomeTwoParts() throws Exception {
        JsonNode c = generate("Let me check.\n```function_call\n{\"name\":\"get_weather\",\"args\":{\"city\":\"Oslo\"}}"
                + "\n```\n");
        assertThat(c.path("finishReason").asText()).isEqualTo("STOP");
        JsonNode parts = c.path("content").path("parts");
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).path("text").asText()).isEqualTo("Let me check.\n");
        assertThat(parts.get(1).path("functionCall").path("args").path("city").asText()).isEqualTo("Oslo");
        assertThat(parts.get(1).path("thoughtSignature").asText()).isNotEmpty();
    }

    @Test
    void aBrokenCallIsMalformedNotAnEmptyStop() throws Exception {
        JsonNode c = generate("```function_call\n{\"name\":\"get_weather\",\"args\":{\"city\":");
        assertThat(c.path("finishReason").asText()).isEqualTo("MALFORMED_FUNCTION_CALL");
        assertThat(c.path("finishMessage").asText()).contains("not valid JSON");
        assertThat(c.path("content").path("parts").get(0).path("text").asText()).startsWith("```function_call");
        JsonNode unknown = generate("```function_call\n{\"name\":\"launch\",\"args\":{}}\n```");
        assertThat(unknown.path("finishMessage").asText()).contains("\"launch\" is not a declared function");
    }

    @Test
    void streamingSendsTextAsItComesAndTheCallWholeAtTheEnd() throws Exception {
        String script = "Checking the weather now.\n```function_call\n{\"name\":\"get_weather\",\"args\":{\"city\":"
                + "\"Oslo\"}}\n```";
        try (WiredServer w = new WiredServer(ConstraintFactory.UNAVAILABLE, FileResolver.NONE,
                (g, lock) -> new ScriptedService(script, 2))) {
            String body = Http.post(w.baseUrl(), PATH + ":streamGenerateContent?alt=sse", BODY).body();
            List<JsonNode> parts = new ArrayList<>();
            for (String e : body.split("\r\n\r\n")) {
                ApiJson.MAPPER.readTree(e.substring(6)).path("candidates").get(0).path("content").path("parts")
                        .forEach(parts::add);
            }
            StringBuilder text = new StringBuilder();
            for (JsonNode p : parts.subList(0, parts.size() - 1)) {
                assertThat(p.has("functionCall")).isFalse();
                text.append(p.path("text").asText());
            }
            assertThat(text.toString()).isEqualTo("Checking the weather now.\n");
            assertThat(parts.getLast().path("functionCall").path("name").asText()).isEqualTo("get_weather");
        }
    }

    @Test
    void modeNoneLeavesCallsAsText() throws Exception {
        String script = "```function_call\n{\"name\":\"get_weather\",\"args\":{}}\n```";
        try (WiredServer w = new WiredServer(ConstraintFactory.UNAVAILABLE, FileResolver.NONE,
                (g, lock) -> new ScriptedService(script, 3))) {
            String body = BODY.substring(0, BODY.length() - 1) + ",\"toolConfig\":{\"functionCallingConfig\":"
                    + "{\"mode\":\"NONE\"}}}";
            JsonNode c = ApiJson.MAPPER.readTree(Http.post(w.baseUrl(), PATH + ":generateContent", body).body())
                    .path("candidates").get(0);
            assertThat(c.path("content").path("parts").get(0).path("text").asText()).isEqualTo(script);
        }
    }
}
