package org.pollux.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.Client;
import com.google.genai.errors.ClientException;
import com.google.genai.types.ListModelsConfig;
import com.google.genai.types.Model;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pollux.serve.api.ApiJson;

/** models.list / models.get, auth and routing errors, over raw HTTP and the official Java SDK. */
class ModelRoutesTest {
    static TestServer s;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    static Client sdk(String key, String version) {
        return SdkClients.of(s.baseUrl(), key, version);
    }

    @Test
    void listsAndGetsTheModelUnderBothVersions() throws Exception {
        for (String v : List.of("v1beta", "v1")) {
            HttpResponse<String> r = s.send("GET", "/" + v + "/models", null);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode m = ApiJson.MAPPER.readTree(r.body()).get("models").get(0);
            assertThat(m.get("name").asText()).isEqualTo("models/" + TestServer.MODEL);
            assertThat(m.get("inputTokenLimit").asInt()).isEqualTo(512);
            assertThat(m.get("supportedGenerationMethods").toString()).contains("generateContent");
        }
        HttpResponse<String> one = s.send("GET", "/v1beta/models/" + TestServer.MODEL, null);
        assertThat(ApiJson.MAPPER.readTree(one.body()).get("displayName").asText()).isEqualTo(TestServer.MODEL);
    }

    @Test
    void javaSdkListsAndGets() {
        Client c = sdk(TestServer.KEY, "v1beta");
        List<String> names = new ArrayList<>();
        c.models.list(ListModelsConfig.builder().pageSize(10).build()).forEach(m -> names.add(m.name().orElseThrow()));
        assertThat(names).containsExactly("models/" + TestServer.MODEL);
        Model m = c.models.get(TestServer.MODEL, null);
        assertThat(m.inputTokenLimit()).contains(512);
    }

    @Test
    void authFailuresAreTheRealServicesErrors() throws Exception {
        HttpResponse<String> missing = s.send("GET", "/v1beta/models", null, false);
        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(missing.body()).contains("\"status\":\"PERMISSION_DENIED\"");
        HttpResponse<String> query = s.send("GET", "/v1beta/models?key=" + TestServer.KEY, null, false);
        assertThat(query.statusCode()).isEqualTo(200);
        HttpResponse<String> wrong = s.send("GET", "/v1beta/models?key=nope", null, false);
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("API_KEY_INVALID").contains("API key not valid");
        assertThat(wrong.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThatThrownBy(() -> sdk("nope", "v1beta").models.get(TestServer.MODEL, null))
                .isInstanceOfSatisfying(ClientException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.status()).isEqualTo("INVALID_ARGUMENT");
                });
    }

    @Test
    void unknownModelsAndPathsAre404() throws Exception {
        HttpResponse<String> r = s.send("GET", "/v1beta/models/gemini-9", null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("models/gemini-9 is not found for API version v1beta");
        assertThat(s.send("GET", "/v2/models", null).statusCode()).isEqualTo(404);
        assertThatThrownBy(() -> sdk(TestServer.KEY, "v1").models.get("gemini-9", null))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.code()).isEqualTo(404));
    }

    @Test
    void pagesWithTokens() throws Exception {
        JsonNode page = ApiJson.MAPPER.readTree(s.send("GET", "/v1beta/models?pageSize=1", null).body());
        assertThat(page.get("models")).hasSize(1);
        assertThat(page.has("nextPageToken")).isFalse();
        assertThat(s.send("GET", "/v1beta/models?pageToken=garbage!", null).statusCode()).isEqualTo(400);
    }
}
