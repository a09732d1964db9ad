package org.pollux.serve.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pollux.serve.TestServer;
import org.pollux.serve.api.ApiJson;

/** Every refusal: the HTTP status, the google.rpc status and a fragment of the message that says what is wrong. */
class InvalidRequestsTest {
    static TestServer s;
    static final String M = "/v1beta/models/" + TestServer.MODEL;
    static final String GEN = M + ":generateContent";
    static final String HI = "\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}]";

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    static String cfg(String config) {
        return "{" + HI + ",\"generationConfig\":" + config + "}";
    }

    static String parts(String partsJson) {
        return "{\"contents\":[{\"role\":\"user\",\"parts\":" + partsJson + "}]}";
    }

    static String tools(String toolsJson, String toolConfig) {
        return "{" + HI + ",\"tools\":" + toolsJson + (toolConfig == null ? "" : ",\"toolConfig\":" + toolConfig) + "}";
    }

    static final String WEATHER = "[{\"functionDeclarations\":[{\"name\":\"get_weather\",\"parameters\":{\"type\":"
            + "\"OBJECT\",\"properties\":{\"city\":{\"type\":\"STRING\"}}}}]}]";

    static Stream<Arguments> cases() {
        String longText = "word ".repeat(1200);
        return Stream.of(
                Arguments.of(GEN, "{\"contents\":[]}", 400, "contents is not specified"),
                Arguments.of(GEN, "{}", 400, "contents is not specified"),
                Arguments.of(GEN, "{\"contents\":[{\"parts\":[]}]}", 400, "contents.parts must not be empty"),
                Arguments.of(GEN, "{\"contents\":", 400, "Invalid JSON payload received"),
                Arguments.of(GEN, cfg("{\"candidateCount\":0}"), 400, "candidateCount must be in [1, 8], got 0"),
                Arguments.of(GEN, cfg("{\"candidateCount\":9}"), 400, "candidateCount must be in [1, 8], got 9"),
                Arguments.of(GEN, cfg("{\"temperature\":-0.5}"), 400, "temperature must be in [0, 2], got -0.5"),
                Arguments.of(GEN, cfg("{\"topP\":1.5}"), 400, "topP must be in [0, 1], got 1.5"),
                Arguments.of(GEN, cfg("{\"topK\":-1}"), 400, "topK must be >= 0"),
                Arguments.of(GEN, cfg("{\"maxOutputTokens\":0}"), 400, "maxOutputTokens must be >= 1"),
                Arguments.of(GEN, cfg("{\"presencePenalty\":3}"), 400, "presencePenalty must be in [-2, 2]"),
                Arguments.of(GEN, cfg("{\"stopSequences\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}"), 400,
                        "at most 5 stop sequences"),
                Arguments.of(GEN, cfg("{\"stopSequences\":[\"\"]}"), 400, "stopSequences[0]: a stop sequence must not be empty"),
                Arguments.of(GEN, cfg("{\"logprobs\":2}"), 400, "logprobs can only be set when responseLogprobs is true"),
                Arguments.of(GEN, cfg("{\"responseLogprobs\":true,\"logprobs\":21}"), 400, "logprobs must be in [0, 20]"),
                Arguments.of(GEN, cfg("{\"thinkingConfig\":{\"thinkingBudget\":100,\"thinkingLevel\":\"LOW\"}}"), 400,
                        "You can only set only one of thinking budget and thinking level."),
                Arguments.of(GEN, cfg("{\"thinkingConfig\":{\"thinkingLevel\":\"EXTREME\"}}"), 400,
                        "thinkingLevel: Invalid value \"EXTREME\""),
                Arguments.of(GEN, cfg("{\"responseModalities\":[\"IMAGE\"]}"), 400, "response modality image is not supported"),
                Arguments.of(GEN, cfg("{\"responseMimeType\":\"text/html\"}"), 400, "Unsupported MIME type: text/html"),
                Arguments.of(GEN, cfg("{\"responseSchema\":{\"type\":\"STRING\"}}"), 400,
                        "a response schema needs responseMimeType application/json or text/x.enum"),
                Arguments.of(GEN, cfg("{\"responseMimeType\":\"application/json\",\"responseJsonSchema\":"
                        + "{\"not\":{\"type\":\"string\"}}}"), 400, "Invalid schema: generationConfig.responseSchema"),
                Arguments.of(GEN, cfg("{\"responseMimeType\":\"application/json\",\"responseSchema\":{\"type\":\"WHATEVER\"}}"),
                        400, "responseSchema.type: Invalid value \"WHATEVER\""),
                Arguments.of(GEN, cfg("{\"responseMimeType\":\"text/x.enum\",\"responseSchema\":{\"type\":\"STRING\"}}"), 400,
                        "text/x.enum needs a schema of type STRING with enum values"),
                Arguments.of(GEN, "{\"contents\":[{\"role\":\"assistant\",\"parts\":[{\"text\":\"x\"}]}]}", 400,
                        "contents[0].role: Please use a valid role: user, model."),
                Arguments.of(GEN, parts("[{}]"), 400, "parts[0].data: required oneof field 'data' must have one initialized field"),
                Arguments.of(GEN, parts("[{\"text\":\"a\",\"inlineData\":{\"mimeType\":\"text/plain\",\"data\":\"YQ==\"}}]"), 400,
                        "oneof field 'data' is already set to text; cannot also set inlineData"),
                Arguments.of(GEN, parts("[{\"text\":\"a\"},{\"inlineData\":{\"mimeType\":\"image/png\",\"data\":\"AQID\"}}]"),
                        400, "parts[1].inlineData.mimeType: models/stories260k does not support mime type image/png"),
                Arguments.of(GEN, parts("[{\"inlineData\":{\"mimeType\":\"text/plain\",\"data\":\"@@@\"}}]"), 400,
                        "Base64 decoding failed"),
                Arguments.of(GEN, parts("[{\"inlineData\":{\"mimeType\":\"text/plain\",\"data\":\"/w==\"}}]"), 400,
                        "not valid UTF-8"),
                Arguments.of(GEN, parts("[{\"fileData\":{\"fileUri\":\"files/abc\",\"mimeType\":\"text/plain\"}}]"), 404,
                        "File files/abc does not exist"),
                Arguments.of(GEN, parts("[{\"fileData\":{\"fileUri\":\"https://example.com/x.txt\"}}]"), 400,
                        "expected files/<id> or a URI ending in /files/<id>"),
                Arguments.of(GEN, parts("[{\"text\":\"a\",\"thoughtSignature\":\"not base64!\"}]"), 400,
                        "thoughtSignature' (TYPE_BYTES), Base64 decoding failed"),
                Arguments.of(GEN, parts("[{\"functionResponse\":{\"name\":\"f\",\"response\":[1]}}]"), 400,
                        "functionResponse.response: response must be a JSON object"),
                Arguments.of(GEN, tools("[{\"googleSearch\":{}}]", null), 400,
                        "tools[0].googleSearch: the googleSearch tool is not supported by this server"),
                Arguments.of(GEN, tools("[{\"codeExecution\":{}}]", null), 400, "codeExecution tool is not supported"),
                Arguments.of(GEN, tools("[{}]", null), 400, "the Tool declares nothing this server knows"),
                Arguments.of(GEN, tools(WEATHER, "{\"functionCallingConfig\":{\"mode\":\"AUTO\","
                        + "\"allowedFunctionNames\":[\"get_weather\"]}}"), 400,
                        "allowedFunctionNames may only be set when mode is ANY, not AUTO"),
                Arguments.of(GEN, tools(WEATHER, "{\"functionCallingConfig\":{\"mode\":\"ANY\","
                        + "\"allowedFunctionNames\":[\"nope\"]}}"), 400, "\"nope\" is not a declared function"),
                Arguments.of(GEN, tools(WEATHER, "{\"functionCallingConfig\":{\"mode\":\"VALIDATED\"}}"), 400,
                        "mode VALIDATED is not supported"),
                Arguments.of(GEN, tools("[{\"functionDeclarations\":[{\"name\":\"1bad\"}]}]", null), 400,
                        "Invalid function name \"1bad\""),
                Arguments.of(GEN, tools("[{\"functionDeclarations\":[{\"name\":\"f\"},{\"name\":\"f\"}]}]", null), 400,
                        "Duplicate function name \"f\""),
                Arguments.of(GEN, tools("[{\"functionDeclarations\":[{\"name\":\"f\",\"parameters\":{},"
                        + "\"parametersJsonSchema\":{}}]}]", null), 400, "set parameters or parametersJsonSchema, not both"),
                Arguments.of(GEN, "{" + HI + ",\"safetySettings\":[{\"category\":\"HARM_CATEGORY_NOPE\",\"threshold\":"
                        + "\"BLOCK_NONE\"}]}", 400, "safetySettings[0].category: Invalid value \"HARM_CATEGORY_NOPE\""),
                Arguments.of(GEN, "{" + HI + ",\"model\":\"models/other\"}", 400,
                        "the body names models/other but the request is for models/stories260k"),
                Arguments.of(GEN, "{\"contents\":[{\"parts\":[{\"text\":\"" + longText + "\"}]}]}", 400,
                        "exceeds the maximum number of tokens allowed (511)"),
                Arguments.of(GEN, "{" + HI + ",\"cachedContent\":\"cachedContents/none\"}", 404,
                        "CachedContent not found (or permission denied): cachedContents/none"),
                Arguments.of("/v1beta/models/gemini-9:generateContent", "{" + HI + "}", 404,
                        "models/gemini-9 is not found for API version v1beta, or is not supported for generateContent"),
                Arguments.of(M + ":streamGenerateContent?alt=sse", cfg("{\"candidateCount\":2}"), 400,
                        "streamGenerateContent streams one candidate"),
                Arguments.of(M + ":streamGenerateContent?alt=proto", "{" + HI + "}", 400, "Unsupported alt=proto"),
                Arguments.of(M + ":countTokens", "{}", 400, "either contents or generateContentRequest must be set"),
                Arguments.of(M + ":countTokens", "{" + HI + ",\"generateContentRequest\":{" + HI + "}}", 400,
                        "set contents or generateContentRequest, not both"),
                Arguments.of(M + ":embedContent", "{\"content\":{\"parts\":[{\"text\":\"x\"}]},\"outputDimensionality\":"
                        + "100000}", 400, "outputDimensionality must be in [1, 64]"),
                Arguments.of(M + ":embedContent", "{\"content\":{\"parts\":[{\"text\":\"x\"}]},\"taskType\":\"FOO\"}",
                        400, "taskType: Invalid value \"FOO\""),
                Arguments.of(M + ":embedContent", "{}", 400, "content is required"),
                Arguments.of(M + ":batchEmbedContents", "{\"requests\":[]}", 400, "between 1 and 100 requests"),
                Arguments.of("/v1beta/cachedContents", "{\"contents\":[{\"parts\":[{\"text\":\"x\"}]}]}", 400,
                        "CachedContent.model: model is required"),
                Arguments.of("/v1beta/cachedContents", "{\"model\":\"models/stories260k\",\"ttl\":\"60s\","
                        + "\"expireTime\":\"2030-01-01T00:00:00Z\",\"contents\":[{\"parts\":[{\"text\":\"x\"}]}]}", 400,
                        "set ttl or expireTime, not both"),
                Arguments.of("/v1beta/cachedContents", "{\"model\":\"models/stories260k\",\"ttl\":\"soon\"}", 400,
                        "Invalid value at 'CachedContent.ttl'"),
                Arguments.of("/v1beta/cachedContents", "{\"model\":\"models/stories260k\",\"expireTime\":"
                        + "\"2001-01-01T00:00:00Z\",\"contents\":[{\"parts\":[{\"text\":\"x\"}]}]}", 400, "is not in the future"),
                Arguments.of("/v1beta/cachedContents", "{\"model\":\"models/stories260k\"}", 400,
                        "a cached content needs contents, a systemInstruction or tools"));
    }

    @ParameterizedTest(name = "{index}: {3}")
    @MethodSource("cases")
    void isRefusedPrecisely(String path, String body, int status, String fragment) throws Exception {
        HttpResponse<String> r = s.send("POST", path, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode json = ApiJson.MAPPER.readTree(r.body());
        JsonNode error = json.isArray() ? json.get(0).path("error") : json.path("error");
        assertThat(error.path("code").asInt()).isEqualTo(status);
        assertThat(error.path("message").asText()).contains(fragment);
    }

    static Stream<Arguments> otherMethods() {
        return Stream.of(
                Arguments.of("GET", "/v1beta/cachedContents/none", null, 404, "cachedContents/none"),
                Arguments.of("DELETE", "/v1beta/cachedContents/none", null, 404, "cachedContents/none"),
                Arguments.of("PATCH", "/v1beta/cachedContents/none", "{}", 400,
                        "an update must set ttl or expireTime"),
                Arguments.of("PATCH", "/v1beta/cachedContents/none?updateMask=displayName", "{\"displayName\":\"x\"}",
                        400, "only ttl and expire_time can be updated"));
    }

    @ParameterizedTest(name = "{index}: {0} {1}")
    @MethodSource("otherMethods")
    void cacheRefusals(String method, String path, String body, int status, String fragment) throws Exception {
        HttpResponse<String> r = s.send(method, path, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(ApiJson.MAPPER.readTree(r.body()).path("error").path("message").asText()).contains(fragment);
    }
}
