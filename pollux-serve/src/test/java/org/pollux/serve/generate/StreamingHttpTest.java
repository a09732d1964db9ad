package org.pollux.serve.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pollux.generate.GenerationRequest;
import org.pollux.generate.GenerationResult;
import org.pollux.generate.GenerationService;
import org.pollux.generate.Generator;
import org.pollux.generate.TokenStreamListener;
import org.pollux.serve.TestServer;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.generate.prompt.FileResolver;
import org.pollux.serve.models.SerialGenerationService;

/** Stream framings over raw HTTP: SSE lines, the JSON array, errors after the start, and client disconnects. */
class StreamingHttpTest {
    static TestServer s;
    static final String PATH = "/v1beta/models/" + TestServer.MODEL + ":streamGenerateContent";

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    @Test
    void sseIsOneDataLinePerEventWithoutDoneSentinel() throws Exception {
        HttpResponse<String> r = Http.post(s.baseUrl(), PATH + "?alt=sse", Http.ask("The dog", "{\"seed\":4,"
                + "\"maxOutputTokens\":12}"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        String body = r.body();
        assertThat(body).doesNotContain("[DONE]").endsWith("\r\n\r\n");
        String[] events = body.split("\r\n\r\n");
        assertThat(events.length).isGreaterThanOrEqualTo(2);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < events.length; i++) {
            assertThat(events[i]).startsWith("data: ").doesNotContain("\n");
            JsonNode e = ApiJson.MAPPER.readTree(events[i].substring(6));
            JsonNode c = e.path("candidates").get(0);
            assertThat(c.path("index").isInt()).isTrue();
            assertThat(c.path("finishReason").isMissingNode()).isEqualTo(i < events.length - 1);
            assertThat(e.path("usageMetadata").path("promptTokenCount").asInt()).isPositive();
            text.append(c.path("content").path("parts").get(0).path("text").asText());
        }
        JsonNode whole = ApiJson.MAPPER.readTree(Http.post(s.baseUrl(), "/v1beta/models/" + TestServer.MODEL
                + ":generateContent", Http.ask("The dog", "{\"seed\":4,\"maxOutputTokens\":12}")).body());
        assertThat(text.toString()).isEqualTo(whole.path("candidates").get(0).path("content").path("parts").get(0)
                .path("text").asText());
    }

    @Test
    void withoutAltTheStreamIsOneJsonArray() throws Exception {
        for (String q : List.of("", "?alt=json")) {
            HttpResponse<String> r = Http.post(s.baseUrl(), PATH + q, Http.ask("The dog", "{\"seed\":4,"
                    + "\"maxOutputTokens\":12}"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
            JsonNode array = ApiJson.MAPPER.readTree(r.body());
            assertThat(array.isArray()).isTrue();
            assertThat(array.size()).isGreaterThanOrEqualTo(2);
            assertThat(array.get(array.size() - 1).path("candidates").get(0).path("finishReason").asText())
                    .isIn("STOP", "MAX_TOKENS");
        }
    }

    @Test
    void aRefusalInArrayModeIsWrappedInAnArray() throws Exception {
        HttpResponse<String> r = Http.post(s.baseUrl(), PATH, Http.ask("x", "{\"temperature\":-1}"));
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode array = ApiJson.MAPPER.readTree(r.body());
        assertThat(array.get(0).path("error").path("status").asText()).isEqualTo("INVALID_ARGUMENT");
    }

    @Test
    void snakeCaseBodiesAreRead() throws Exception {
        HttpResponse<String> r = Http.post(s.baseUrl(), "/v1beta/models/" + TestServer.MODEL + ":generateContent",
                "{\"system_instruction\":{\"parts\":[{\"text\":\"Be short.\"}]},\"contents\":[{\"parts\":[{\"text\":"
                        + "\"Hi\"}]}],\"generation_config\":{\"max_output_tokens\":5,\"response_mime_type\":\"text/plain\","
                        + "\"candidate_count\":1,\"top_k\":\"20\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode u = ApiJson.MAPPER.readTree(r.body()).path("usageMetadata");
        assertThat(u.path("candidatesTokenCount").asInt()).isBetween(1, 5);
    }

    @Test
    void countTokensOfAWholeRequestEqualsItsPromptTokenCount() throws Exception {
        String request = "{\"systemInstruction\":{\"parts\":[{\"text\":\"Be kind.\"}],\"role\":\"model\"},"
                + "\"tools\":[{\"functionDeclarations\":[{\"name\":\"f\",\"description\":\"does f\"}]}],"
                + "\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]";
        JsonNode gen = ApiJson.MAPPER.readTree(Http.post(s.baseUrl(), "/v1beta/models/" + TestServer.MODEL
                + ":generateContent", request + ",\"generationConfig\":{\"maxOutputTokens\":2}}").body());
        JsonNode count = ApiJson.MAPPER.readTree(Http.post(s.baseUrl(), "/v1/models/" + TestServer.MODEL
                + ":countTokens", "{\"generateContentRequest\":" + request + ",\"model\":\"models/"
                + TestServer.MODEL + "\"}}").body());
        int prompt = gen.path("usageMetadata").path("promptTokenCount").asInt();
        assertThat(count.path("totalTokens").asInt()).isEqualTo(prompt);
        assertThat(count.path("promptTokensDetails").get(0).path("tokenCount").asInt()).isEqualTo(prompt);
        JsonNode contentsOnly = ApiJson.MAPPER.readTree(Http.post(s.baseUrl(), "/v1beta/models/" + TestServer.MODEL
                + ":countTokens", "{\"contents\":[{\"parts\":[{\"text\":\"Hi\"}]}]}").body());
        assertThat(contentsOnly.path("totalTokens").asInt()).isPositive().isLessThan(prompt);
    }

    /** Fails the generation once two text pieces have been streamed. */
    static GenerationService failingAfterTwoPieces(Generator g, java.util.concurrent.locks.ReentrantLock lock) {
        GenerationService real = new SerialGenerationService(g, lock);
        return (req, listener) -> real.generate(req, new TokenStreamListener() {
            int pieces;

            @Override
            public void onToken(org.pollux.generate.Sampler.Choice c) {
                listener.onToken(c);
            }

            @Override
            public void onText(String text) {
                listener.onText(text);
                if (++pieces == 2) {
                    throw new IllegalStateException("injected failure after 2 pieces");
                }
            }
        });
    }

    @Test
    void anErrorAfterTheStartIsAnErrorEventThenTheEnd() throws Exception {
        try (WiredServer w = new WiredServer(ConstraintFactory.UNAVAILABLE, FileResolver.NONE,
                StreamingHttpTest::failingAfterTwoPieces)) {
            HttpResponse<String> sse = Http.post(w.baseUrl(), PATH + "?alt=sse", Http.ask("The dog",
                    "{\"seed\":4,\"maxOutputTokens\":40}"));
            assertThat(sse.statusCode()).isEqualTo(200);
            String[] events = sse.body().split("\r\n\r\n");
            assertThat(events).hasSize(3);
            JsonNode err = ApiJson.MAPPER.readTree(events[2].substring(6)).path("error");
            assertThat(err.path("code").asInt()).isEqualTo(500);
            assertThat(err.path("status").asText()).isEqualTo("INTERNAL");
            assertThat(err.path("message").asText()).contains("injected failure");

            JsonNode array = ApiJson.MAPPER.readTree(Http.post(w.baseUrl(), PATH, Http.ask("The dog",
                    "{\"seed\":4,\"maxOutputTokens\":40}")).body());
            assertThat(array).hasSize(3);
            assertThat(array.get(2).path("error").path("status").asText()).isEqualTo("INTERNAL");
        }
    }

    @Test
    void aClientThatGoesAwayCancelsTheGeneration() throws Exception {
        CompletableFuture<GenerationResult> finished = new CompletableFuture<>();
        AtomicInteger tokens = new AtomicInteger();
        try (WiredServer w = new WiredServer(ConstraintFactory.UNAVAILABLE, FileResolver.NONE, (g, lock) -> {
            GenerationService real = new SerialGenerationService(g, lock);
            return (GenerationRequest req, TokenStreamListener listener) -> {
                GenerationResult r = real.generate(req, new TokenStreamListener() {
                    @Override
                    public void onText(String text) {
                        listener.onText(text);
                        tokens.incrementAndGet();
                        sleep(20); // a slow model, so the disconnect is seen long before the end
                    }
                });
                finished.complete(r);
                return r;
            };
        })) {
            String body = Http.ask("Once upon a time", "{\"seed\":1,\"maxOutputTokens\":400,\"stopSequences\":[\"@@\"]}");
            try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(w.baseUrl().replaceAll(".*:", "")))) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + PATH + "?alt=sse HTTP/1.1\r\nHost: localhost\r\nx-goog-api-key: " + TestServer.KEY
                        + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null && !line.startsWith("data: ")) {
                    // headers, chunk sizes
                }
                assertThat(line).startsWith("data: ");
            }
            GenerationResult r = finished.get(20, TimeUnit.SECONDS);
            assertThat(r.finishReason()).isEqualTo(org.pollux.generate.FinishReason.CANCELLED);
            assertThat(r.generatedTokens()).isLessThan(400);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
