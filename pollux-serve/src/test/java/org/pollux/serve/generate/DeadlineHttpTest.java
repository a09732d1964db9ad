package org.pollux.serve.generate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pollux.serve.TestServer;
import org.pollux.serve.api.ApiJson;

/** Per-request deadlines from the {@code X-Server-Timeout} header: 504 DEADLINE_EXCEEDED, also inside a stream. */
class DeadlineHttpTest {
    static TestServer s;
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String M = "/v1beta/models/" + TestServer.MODEL;
    /** 480 tokens take this model at least tens of milliseconds; the deadlines below are 1 ms. */
    static final String LONG = QueueLimitHttpTest.body(480);

    @BeforeAll
    static void start() throws Exception {
        s = TestServer.start();
        // Compiled code from the start, so the first event of a stream comes well before its deadline.
        for (int i = 0; i < 3; i++) {
            post(M + ":generateContent", QueueLimitHttpTest.body(60), null);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
    }

    static HttpResponse<String> post(String path, String body, String timeout) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUrl() + path))
                .header("x-goog-api-key", TestServer.KEY).POST(HttpRequest.BodyPublishers.ofString(body));
        if (timeout != null) {
            b.header("X-Server-Timeout", timeout);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aGenerationPastItsDeadlineIs504() throws Exception {
        HttpResponse<String> r = post(M + ":generateContent", LONG, "0.001");
        assertThat(r.statusCode()).isEqualTo(504);
        JsonNode error = ApiJson.MAPPER.readTree(r.body()).get("error");
        assertThat(error.get("status").asText()).isEqualTo("DEADLINE_EXCEEDED");
    }

    /**
     * Whether the deadline strikes before the first event (a plain 504) or after (an error event
     * ends the stream) depends on timing; both are what the API does, and nothing else may happen.
     */
    @Test
    void aStreamPastItsDeadlineEndsWith504() throws Exception {
        HttpResponse<String> r = post(M + ":streamGenerateContent?alt=sse", LONG, "0.001");
        if (r.statusCode() == 504) {
            assertThat(r.body()).contains("DEADLINE_EXCEEDED");
            return;
        }
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> events = r.body().lines().filter(l -> l.startsWith("data: ")).toList();
        assertThat(events.getLast()).contains("\"code\":504").contains("DEADLINE_EXCEEDED");
        assertThat(events).noneMatch(e -> e.contains("finishReason"));
    }

    @Test
    void aGenerousDeadlineChangesNothingAndABadOneIs400() throws Exception {
        String shortBody = QueueLimitHttpTest.body(5);
        HttpResponse<String> ok = post(M + ":generateContent", shortBody, "60");
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode with = ApiJson.MAPPER.readTree(ok.body()).at("/candidates/0/content");
        JsonNode without = ApiJson.MAPPER.readTree(post(M + ":generateContent", shortBody, null).body())
                .at("/candidates/0/content");
        assertThat(with).isEqualTo(without);
        HttpResponse<String> bad = post(M + ":generateContent", shortBody, "soon");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("Invalid X-Server-Timeout header");
    }
}
