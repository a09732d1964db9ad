package org.pollux.serve.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.Client;
import com.google.genai.types.Content;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionCallingConfig;
import com.google.genai.types.FunctionCallingConfigMode;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.Part;
import com.google.genai.types.Schema;
import com.google.genai.types.Tool;
import com.google.genai.types.ToolConfig;
import com.google.genai.types.Type;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pollux.generate.TokenConstraint;
import org.pollux.serve.TestServer;
import org.pollux.serve.api.ApiJson;
import org.pollux.tokenizer.Tokenizer;

/**
 * JSON mode, text/x.enum and function-calling mode ANY: what the server asks the constraint
 * factory for, and how it reads the constrained output back (with a factory that forces a given text).
 */
class ConstrainedOutputTest {
    static final String CALL = "{\"name\":\"get_weather\",\"args\":{\"city\":\"Paris\"}}";
    static final List<JsonNode> schemas = new CopyOnWriteArrayList<>();
    static volatile String forced;
    static WiredServer w;
    static Client client;

    @BeforeAll
    static void start() throws Exception {
        ConstraintFactory literal = (JsonNode schema, Tokenizer tok, java.util.Set<Integer> ends) -> {
            schemas.add(schema);
            return (TokenConstraint) new LiteralConstraint(forced, tok);
        };
        w = new WiredServer(literal);
        client = GenerateSdkTest.sdk(w.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        w.close();
    }

    static JsonNode json(String s) {
        try {
            return ApiJson.MAPPER.readTree(s);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @BeforeEach
    void clear() {
        schemas.clear();
    }

    static final Tool WEATHER = Tool.builder().functionDeclarations(FunctionDeclaration.builder().name("get_weather")
            .description("Get weather").parameters(Schema.builder().type(Type.Known.OBJECT)
                    .properties(Map.of("city", Schema.builder().type(Type.Known.STRING).build())).required("city")
                    .build()).build()).build();

    static GenerateContentConfig anyMode() {
        return GenerateContentConfig.builder().tools(WEATHER).toolConfig(ToolConfig.builder().functionCallingConfig(
                FunctionCallingConfig.builder().mode(FunctionCallingConfigMode.Known.ANY)
                        .allowedFunctionNames("get_weather"))).seed(1).build();
    }

    @Test
    void modeAnyForcesACallThatComesBackAsAFunctionCallPart() throws Exception {
        forced = CALL;
        GenerateContentResponse r = client.models.generateContent(TestServer.MODEL, "weather in Paris?", anyMode());
        List<FunctionCall> calls = r.functionCalls();
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).name()).contains("get_weather");
        assertThat(calls.get(0).args().orElseThrow()).containsEntry("city", "Paris");
        assertThat(r.finishReason().knownEnum().name()).isEqualTo("STOP");
        Part callPart = r.candidates().orElseThrow().get(0).content().orElseThrow().parts().orElseThrow().get(0);
        assertThat(callPart.thoughtSignature().orElseThrow()).hasSize(17);

        JsonNode schema = schemas.get(0);
        assertThat(schema.path("properties").path("name").path("enum").get(0).asText()).isEqualTo("get_weather");
        assertThat(schema.path("properties").path("args").path("properties").path("city").path("type").asText())
                .isEqualTo("string");
        assertThat(schema.path("required").toString()).isEqualTo("[\"name\",\"args\"]");

        // The call, its signature and the function's result go back as history.
        GenerateContentResponse next = client.models.generateContent(TestServer.MODEL, List.of(
                Content.builder().role("user").parts(Part.fromText("weather in Paris?")).build(),
                Content.builder().role("model").parts(callPart).build(),
                Content.builder().role("user").parts(Part.fromFunctionResponse("get_weather", Map.of("temp", 20))).build()),
                GenerateContentConfig.builder().tools(WEATHER).seed(2).maxOutputTokens(8).build());
        assertThat(next.finishReason().knownEnum().name()).isIn("STOP", "MAX_TOKENS");
        int promptTokens = next.usageMetadata().orElseThrow().promptTokenCount().orElseThrow();
        assertThat(promptTokens).isGreaterThan(r.usageMetadata().orElseThrow().promptTokenCount().orElseThrow());
    }

    @Test
    void aForcedCallStreamsAsOneWholePart() throws Exception {
        forced = CALL;
        String body = "{\"contents\":[{\"parts\":[{\"text\":\"weather?\"}]}],\"tools\":[{\"functionDeclarations\":"
                + "[{\"name\":\"get_weather\",\"parameters\":{\"type\":\"OBJECT\",\"properties\":{\"city\":{\"type\":"
                + "\"STRING\"}}}}]}],\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\"}}}";
        HttpResponse<String> r = Http.post(w.baseUrl(), "/v1beta/models/" + TestServer.MODEL
                + ":streamGenerateContent?alt=sse", body);
        String[] events = r.body().split("\r\n\r\n");
        assertThat(events).hasSize(1);
        JsonNode part = ApiJson.MAPPER.readTree(events[0].substring(6)).path("candidates").get(0).path("content")
                .path("parts").get(0);
        assertThat(part.path("functionCall").toString()).isEqualTo(CALL);
        assertThat(part.path("thoughtSignature").asText()).isNotEmpty();
    }

    @Test
    void jsonModeAsksForTheConvertedSchemaAndReturnsTheJsonText() {
        forced = "[\"red\",\"blue\"]";
        GenerateContentResponse r = client.models.generateContent(TestServer.MODEL, "List 2 colors",
                GenerateContentConfig.builder().responseMimeType("application/json").responseSchema(Schema.builder()
                        .type(Type.Known.ARRAY).items(Schema.builder().type(Type.Known.STRING))).build());
        assertThat(r.text()).isEqualTo("[\"red\",\"blue\"]");
        assertThat(schemas.get(0)).isEqualTo(json("{\"type\":\"array\",\"items\":{\"type\":\"string\"}}"));

        forced = "{\"a\":1}";
        Map<String, Object> jsonSchema = Map.of("type", "object", "additionalProperties", false);
        client.models.generateContent(TestServer.MODEL, "x", GenerateContentConfig.builder()
                .responseMimeType("application/json").responseJsonSchema(jsonSchema).build());
        assertThat(schemas.get(1).path("additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void enumModeReturnsTheBareValue() {
        forced = "\"GREEN\"";
        GenerateContentResponse r = client.models.generateContent(TestServer.MODEL, "Pick a color",
                GenerateContentConfig.builder().responseMimeType("text/x.enum").responseSchema(Schema.builder()
                        .type(Type.Known.STRING).enum_("RED", "GREEN")).build());
        assertThat(r.text()).isEqualTo("GREEN");
        assertThat(schemas.get(0)).isEqualTo(json("{\"type\":\"string\",\"enum\":[\"RED\",\"GREEN\"]}"));
    }

    @Test
    void jsonModeAndFunctionCallingDoNotMix() throws Exception {
        HttpResponse<String> r = Http.post(w.baseUrl(), "/v1beta/models/" + TestServer.MODEL + ":generateContent",
                "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}],\"tools\":[{\"functionDeclarations\":[{\"name\":\"f\"}]}],"
                        + "\"generationConfig\":{\"responseMimeType\":\"application/json\"}}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("Function calling with a response mime type: 'application/json' is unsupported");
    }
}
