package org.pollux.serve.caches;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.genai.Client;
import com.google.genai.errors.ClientException;
import com.google.genai.types.CachedContent;
import com.google.genai.types.Content;
import com.google.genai.types.CreateCachedContentConfig;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.ListCachedContentsConfig;
import com.google.genai.types.Part;
import com.google.genai.types.UpdateCachedContentConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pollux.serve.TestServer;

/** cachedContents through the official Java SDK: the whole life cycle, and generation that continues a cache. */
class CacheSdkTest {
    static final String DOC = "Lily and Ben went to the park. They saw a big red ball under a tree. Ben wanted to "
            + "kick it, but Lily said they should ask whose ball it was first.";
    static TestServer s;
    static Client client;

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
        client = org.pollux.serve.SdkClients.of(s.baseUrl(), TestServer.KEY, "v1beta");
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    static Content user(String text) {
        return Content.builder().role("user").parts(Part.fromText(text)).build();
    }

    @Test
    void lifeCycleAndGenerationThatContinuesTheCache() {
        Instant before = Instant.now();
        CachedContent c = client.caches.create(TestServer.MODEL, CreateCachedContentConfig.builder()
                .contents(List.of(user(DOC))).systemInstruction(Content.fromParts(Part.fromText("Answer briefly.")))
                .displayName("story").ttl(Duration.ofSeconds(300)).build());
        String name = c.name().orElseThrow();
        assertThat(name).matches("cachedContents/[a-z0-9]{12}");
        assertThat(c.model()).contains("models/" + TestServer.MODEL);
        assertThat(c.displayName()).contains("story");
        int cachedTokens = c.usageMetadata().orElseThrow().totalTokenCount().orElseThrow();
        assertThat(cachedTokens).isGreaterThan(30);
        assertThat(c.expireTime().orElseThrow()).isBetween(before.plusSeconds(299), Instant.now().plusSeconds(301));

        assertThat(client.caches.get(name, null).usageMetadata()).isEqualTo(c.usageMetadata());
        List<String> names = new ArrayList<>();
        client.caches.list(ListCachedContentsConfig.builder().pageSize(10).build())
                .forEach(x -> names.add(x.name().orElseThrow()));
        assertThat(names).contains(name);

        CachedContent updated = client.caches.update(name, UpdateCachedContentConfig.builder()
                .ttl(Duration.ofSeconds(900)).build());
        assertThat(updated.expireTime().orElseThrow()).isAfter(c.expireTime().orElseThrow().plusSeconds(500));

        // Same seed, same conversation: continuing the cache gives exactly what the full prompt gives.
        GenerateContentResponse cached = client.models.generateContent(TestServer.MODEL,
                List.of(user("Whose ball was it?")), GenerateContentConfig.builder().cachedContent(name).seed(5)
                        .maxOutputTokens(20).build());
        GenerateContentResponse inline = client.models.generateContent(TestServer.MODEL,
                List.of(user(DOC), user("Whose ball was it?")), GenerateContentConfig.builder()
                        .systemInstruction(Content.fromParts(Part.fromText("Answer briefly."))).seed(5)
                        .maxOutputTokens(20).build());
        assertThat(cached.text()).isEqualTo(inline.text()).isNotEmpty();
        var usage = cached.usageMetadata().orElseThrow();
        assertThat(usage.cachedContentTokenCount()).contains(cachedTokens);
        assertThat(usage.promptTokenCount()).isEqualTo(inline.usageMetadata().orElseThrow().promptTokenCount());
        assertThat(inline.usageMetadata().orElseThrow().cachedContentTokenCount()).isEmpty();

        client.caches.delete(name, null);
        assertThatThrownBy(() -> client.caches.get(name, null))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.code()).isEqualTo(404));
        assertThatThrownBy(() -> client.models.generateContent(TestServer.MODEL, "q",
                GenerateContentConfig.builder().cachedContent(name).build()))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.code()).isEqualTo(404));
    }

    @Test
    void aRequestMayNotBringWhatTheCacheHolds() {
        String name = client.caches.create(TestServer.MODEL, CreateCachedContentConfig.builder()
                .contents(List.of(user(DOC))).build()).name().orElseThrow();
        assertThatThrownBy(() -> client.models.generateContent(TestServer.MODEL, "q", GenerateContentConfig.builder()
                .cachedContent(name).systemInstruction(Content.fromParts(Part.fromText("x"))).build()))
                .isInstanceOfSatisfying(ClientException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("CachedContent can not be used with GenerateContent request");
                });
        client.caches.delete(name, null);
    }
}
