package org.pollux.serve.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.Client;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.Schema;
import com.google.genai.types.Type;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pollux.serve.TestServer;
import org.pollux.serve.api.ApiJson;

/**
 * The server as shipped (real constrained decoding from pollux-core) through the official SDK:
 * whatever the model, JSON mode returns a document of the schema and mode ANY a valid call.
 */
class RealConstraintSdkTest {
    static TestServer s;
    static Client client;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
        client = GenerateSdkTest.sdk(s.baseUrl());
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void jsonModeFollowsTheSchemaWhateverTheSeed(int seed) throws Exception {
        Schema schema = Schema.builder().type(Type.Known.OBJECT)
                .properties(Map.of(
                        "colors", Schema.builder().type(Type.Known.ARRAY).minItems(1L).maxItems(3L)
                                .items(Schema.builder().type(Type.Known.STRING).maxLength(12L).build()).build(),
                        "count", Schema.builder().type(Type.Known.INTEGER).minimum(0.0).maximum(9.0).build()))
                .required("colors", "count").propertyOrdering("colors", "count").build();
        GenerateContentResponse r = client.models.generateContent(TestServer.MODEL, "List 2 colors",
                GenerateContentConfig.builder().responseMimeType("application/json").responseSchema(schema)
                        .seed(seed).temperature(1.0f).maxOutputTokens(60).build());
        JsonNode doc = ApiJson.MAPPER.readTree(r.text());
        assertThat(doc.fieldNames()).toIterable().containsExactly("colors", "count");
        assertThat(doc.get("colors").size()).isBetween(1, 3);
        doc.get("colors").forEach(c -> assertThat(c.isTextual() && c.asText().length() <= 12).isTrue());
        assertThat(doc.get("count").isIntegralNumber()).isTrue();
        assertThat(doc.get("count").asInt()).isBetween(0, 9);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void modeAnyAlwaysCallsAnAllowedFunction(int seed) {
        GenerateContentConfig config = ConstrainedOutputTest.anyMode().toBuilder().seed(seed).temperature(1.0f)
                .maxOutputTokens(40).build();
        GenerateContentResponse r = client.models.generateContent(TestServer.MODEL, "weather?", config);
        FunctionCall call = r.functionCalls().get(0);
        assertThat(call.name()).contains("get_weather");
        assertThat(call.args().orElseThrow().get("city")).isInstanceOf(String.class);
    }
}
