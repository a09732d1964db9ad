package org.pollux.serve.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.caches.CachedContent;
import org.pollux.serve.generate.wire.BatchEmbedContentsRequest;
import org.pollux.serve.generate.wire.CountTokensRequest;
import org.pollux.serve.generate.wire.EmbedContentRequest;
import org.pollux.serve.generate.wire.GenerateContentRequest;
import org.pollux.serve.generate.wire.GenerationConfig;

/**
 * Every generation, countTokens, embedding and cachedContents body that real clients sent
 * (fixtures/api-captures/*.log: @google/genai 2 and 3, the Java SDK, LangChain4j) binds in strict
 * mode, so no field they send is unknown to the wire model, and the fields that matter come through.
 */
class CapturedBodiesTest {
    record Captured(String file, String method, String path, String body) {}

    private static final Pattern HEAD = Pattern.compile("^=== (\\S+) (\\S+) HTTP/1\\.1$");

    static Path captures() {
        return Path.of(System.getProperty("pollux.shared", "../shared"), "fixtures", "api-captures");
    }

    static List<Captured> all() throws IOException {
        List<Captured> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(captures())) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = HEAD.matcher(lines.get(i));
                    if (!m.matches()) {
                        continue;
                    }
                    int j = i + 1;
                    while (j < lines.size() && !lines.get(j).isEmpty()) {
                        j++; // headers
                    }
                    StringBuilder body = new StringBuilder();
                    for (j++; j < lines.size() && !HEAD.matcher(lines.get(j)).matches(); j++) {
                        body.append(lines.get(j)).append('\n');
                    }
                    out.add(new Captured(f.getFileName().toString(), m.group(1), m.group(2), body.toString().strip()));
                }
            }
        }
        return out;
    }

    static <T> T bind(Captured c, Class<T> type) {
        return ApiJson.read(c.body().getBytes(StandardCharsets.UTF_8), type, true);
    }

    @Test
    void everyCapturedBodyBindsStrictlyWithItsKeyFields() throws IOException {
        List<Captured> all = all();
        int generate = 0;
        int count = 0;
        int embed = 0;
        int caches = 0;
        for (Captured c : all) {
            String path = c.path().replaceAll("\\?.*", "");
            if (path.endsWith(":generateContent") || path.endsWith(":streamGenerateContent")) {
                GenerateContentRequest r = bind(c, GenerateContentRequest.class);
                assertThat(r.contents()).as(c.toString()).isNotEmpty();
                assertThat(r.contents().get(0).parts()).isNotEmpty();
                GenerationConfig gc = r.config();
                if (gc.topK() != null) {
                    assertThat(gc.topK()).isEqualTo(20); // sent as 20 and as 20.0
                }
                if (gc.thinkingConfig() != null) {
                    assertThat(gc.thinkingConfig().thinkingBudget()).isIn(0, 128);
                }
                if (r.tools() != null) {
                    assertThat(r.tools().get(0).functionDeclarations().get(0).name()).isEqualTo("get_weather");
                    assertThat(r.tools().get(0).functionDeclarations().get(0).parameters().path("properties")
                            .has("city")).isTrue();
                }
                // Whatever they send, the sampling fields are valid.
                SamplingPlan.read(gc);
                generate++;
            } else if (path.endsWith(":countTokens")) {
                assertThat(bind(c, CountTokensRequest.class).contents()).isNotEmpty();
                count++;
            } else if (path.endsWith(":embedContent")) {
                EmbedContentRequest r = bind(c, EmbedContentRequest.class);
                assertThat(r.outputDimensionality()).isEqualTo(3);
                assertThat(r.content().parts().get(0).text()).isEqualTo("hello");
                embed++;
            } else if (path.endsWith(":batchEmbedContents")) {
                BatchEmbedContentsRequest r = bind(c, BatchEmbedContentsRequest.class);
                assertThat(r.requests()).isNotEmpty().allSatisfy(e -> {
                    assertThat(e.model()).isEqualTo("models/gemini-embedding-001");
                    assertThat(e.content().parts().get(0).text()).isNotEmpty();
                });
                embed++;
            } else if (path.contains("/cachedContents") && !c.body().isEmpty() && !c.method().equals("DELETE")) {
                CachedContent r = bind(c, CachedContent.class);
                if (c.method().equals("POST")) {
                    assertThat(r.model()).isEqualTo("models/gemini-2.5-flash");
                    assertThat(r.ttl()).isEqualTo("300s");
                    assertThat(r.contents().get(0).parts().get(0).text()).isEqualTo("long doc");
                } else {
                    assertThat(r.ttl()).isEqualTo("600s");
                }
                caches++;
            }
        }
        assertThat(generate).isGreaterThanOrEqualTo(20);
        assertThat(count).isGreaterThanOrEqualTo(4);
        assertThat(embed).isGreaterThanOrEqualTo(8);
        assertThat(caches).isGreaterThanOrEqualTo(6);
    }

    @Test
    void theJavaSdksFullRequestKeepsEveryField() throws IOException {
        Captured full = all().stream().filter(c -> c.file().equals("java-genai.log") && c.body().contains("safetySettings"))
                .findFirst().orElseThrow();
        GenerateContentRequest r = bind(full, GenerateContentRequest.class);
        GenerationConfig gc = r.config();
        assertThat(gc.temperature()).isEqualTo(0.2);
        assertThat(gc.topP()).isEqualTo(0.9);
        assertThat(gc.candidateCount()).isEqualTo(1);
        assertThat(gc.maxOutputTokens()).isEqualTo(64);
        assertThat(gc.stopSequences()).containsExactly("END");
        assertThat(gc.responseLogprobs()).isTrue();
        assertThat(gc.logprobs()).isEqualTo(2);
        assertThat(gc.seed()).isEqualTo(42L);
        assertThat(gc.thinkingConfig().includeThoughts()).isTrue();
        assertThat(r.systemInstruction().parts().get(0).text()).isEqualTo("Be terse.");
        assertThat(r.safetySettings().get(0).threshold()).isEqualTo("BLOCK_ONLY_HIGH");
        assertThat(r.toolConfig().functionCallingConfig().mode()).isEqualTo("AUTO");
        assertThat(r.contents().get(0).parts().get(1).inlineData().mimeType()).isEqualTo("image/png");
        SamplingPlan plan = SamplingPlan.read(gc);
        assertThat(plan.base().topK()).isEqualTo(20);
        assertThat(plan.topLogprobs()).isEqualTo(2);
        assertThat(plan.base().seed()).isEqualTo(42);
    }

    @Test
    void functionHistoryAndLangChain4jSchemasComeThrough() throws IOException {
        List<Captured> all = all();
        GenerateContentRequest history = bind(all.stream().filter(c -> c.body().contains("functionResponse"))
                .findFirst().orElseThrow(), GenerateContentRequest.class);
        assertThat(history.contents().get(1).parts().get(0).functionCall().args().path("city").asText()).isEqualTo("Paris");
        assertThat(history.contents().get(2).parts().get(0).functionResponse().response().path("temp").asInt())
                .isEqualTo(20);
        GenerateContentRequest lc4j = bind(all.stream().filter(c -> c.file().equals("java-lc4j.log")
                && c.body().contains("responseSchema")).findFirst().orElseThrow(), GenerateContentRequest.class);
        assertThat(lc4j.config().responseSchema().path("properties").path("colors").path("type").asText())
                .isEqualTo("ARRAY");
        GenerateContentRequest system = bind(all.stream().filter(c -> c.file().equals("java-lc4j.log")
                && c.body().contains("Be terse")).findFirst().orElseThrow(), GenerateContentRequest.class);
        assertThat(system.systemInstruction().role()).isEqualTo("model");
    }
}
