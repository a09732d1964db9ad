package org.pollux.serve.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.pollux.serve.TestServer;
import org.pollux.serve.api.ApiJson;

/**
 * Back-pressure over HTTP: with one sequence running and one place in the queue, of two more
 * requests one waits and succeeds, the other is refused at once with 429 RESOURCE_EXHAUSTED and a
 * RetryInfo, as the real service answers when over quota.
 */
class QueueLimitHttpTest {
    static final String GEN = "/v1beta/models/" + TestServer.MODEL;

    static String body(int maxTokens) {
        return "{\"contents\":[{\"parts\":[{\"text\":\"Once upon a time\"}]}],"
                + "\"generationConfig\":{\"maxOutputTokens\":" + maxTokens + ",\"seed\":1}}";
    }

    @Test
    void aFullQueueAnswers429WithRetryInfo() throws Exception {
        try (TestServer s = TestServer.startPaced(Duration.ofMillis(5), c -> c.withMaxBatch(1).withMaxQueue(1))) {
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest longStream = HttpRequest.newBuilder(URI.create(s.baseUrl() + GEN
                            + ":streamGenerateContent?alt=sse"))
                    .header("x-goog-api-key", TestServer.KEY).POST(HttpRequest.BodyPublishers.ofString(body(480)))
                    .build();
            HttpResponse<InputStream> running = http.send(longStream, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(running.statusCode()).isEqualTo(200);
            try (BufferedReader events = new BufferedReader(
                    new InputStreamReader(running.body(), StandardCharsets.UTF_8))) {
                // The first event: the long generation holds the only slot from now on.
                assertThat(events.readLine()).startsWith("data: ");
                List<CompletableFuture<HttpResponse<String>>> more = List.of(send(http, s), send(http, s));
                List<HttpResponse<String>> answers = more.stream().map(CompletableFuture::join).toList();
                List<HttpResponse<String>> refused = answers.stream().filter(r -> r.statusCode() == 429).toList();
                assertThat(refused).as("exactly one of the two is over the queue").hasSize(1);
                JsonNode error = ApiJson.MAPPER.readTree(refused.get(0).body()).get("error");
                assertThat(error.get("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
                assertThat(error.get("details").get(0).get("@type").asText())
                        .isEqualTo("type.googleapis.com/google.rpc.RetryInfo");
                assertThat(error.get("details").get(0).get("retryDelay").asText()).isEqualTo("1s");
                assertThat(answers).anySatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
            }
        }
    }

    private static CompletableFuture<HttpResponse<String>> send(HttpClient http, TestServer s) {
        HttpRequest r = HttpRequest.newBuilder(URI.create(s.baseUrl() + GEN + ":generateContent"))
                .header("x-goog-api-key", TestServer.KEY).POST(HttpRequest.BodyPublishers.ofString(body(4))).build();
        return http.sendAsync(r, HttpResponse.BodyHandlers.ofString());
    }
}
