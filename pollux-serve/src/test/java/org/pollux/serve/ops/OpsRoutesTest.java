package org.pollux.serve.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.pollux.serve.TestServer;
import org.pollux.serve.api.ApiJson;

/** /healthz, /metrics, the access log and request ids on a running server. */
class OpsRoutesTest {
    static TestServer s;
    static Path accessLog;
    static final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        accessLog = Files.createTempFile("pollux-access", ".log");
        s = TestServer.start(c -> c.withAccessLog(accessLog.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        s.close();
        Files.deleteIfExists(accessLog);
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUrl() + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthNeedsNoKeyAndListsTheModels() throws Exception {
        HttpResponse<String> r = get("/healthz");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json; charset=UTF-8");
        assertThat(r.body()).isEqualTo("{\"status\":\"ok\",\"models\":[\"models/" + TestServer.MODEL + "\"]}");
    }

    @Test
    void metricsCountAModelsListCall() throws Exception {
        String series = "pollux_http_requests_total{method=\"GET\",route=\"/{version}/models\",status=\"200\"}";
        double before = PromText.samples(get("/metrics").body()).getOrDefault(series, 0.0);
        assertThat(s.send("GET", "/v1beta/models", null).statusCode()).isEqualTo(200);
        assertThat(s.send("GET", "/v1/models", null).statusCode()).isEqualTo(200);
        Map<String, Double> after = Eventually.get(() -> PromText.samples(get("/metrics").body()),
                m -> m.getOrDefault(series, 0.0) >= before + 2);
        assertThat(after.get(series)).isEqualTo(before + 2);
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        assertThat(after).containsKey("pollux_queue_depth{model=\"" + TestServer.MODEL + "\"}")
                .containsKey("pollux_active_sequences{model=\"" + TestServer.MODEL + "\"}")
                .containsEntry("pollux_generated_tokens_total{model=\"" + TestServer.MODEL + "\"}", 0.0);
    }

    @Test
    void unknownPathsShareOneRouteLabel() throws Exception {
        assertThat(get("/wp-admin/" + System.nanoTime()).statusCode()).isEqualTo(404);
        Map<String, Double> m = Eventually.get(() -> PromText.samples(get("/metrics").body()),
                x -> x.containsKey("pollux_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}"));
        assertThat(m.keySet()).noneMatch(k -> k.contains("wp-admin"));
        assertThat(m).containsKey("pollux_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}");
    }

    @Test
    void requestIdsAreEchoedOrMade() throws Exception {
        assertThat(get("/healthz", "x-request-id", "trace-42").headers().firstValue("x-request-id")).hasValue("trace-42");
        String made = get("/healthz").headers().firstValue("x-request-id").orElseThrow();
        assertThat(made).matches("[0-9a-f-]{36}");
        // An id that could break a log or a header is replaced, not echoed.
        String odd = get("/healthz", "x-request-id", "a b\"c").headers().firstValue("x-request-id").orElseThrow();
        assertThat(odd).matches("[0-9a-f-]{36}");
    }

    @Test
    void theAccessLogHasOneJsonLinePerRequestAndNoKeys() throws Exception {
        String id = "log-" + System.nanoTime();
        assertThat(get("/v1beta/models?pageSize=5&key=" + TestServer.KEY, "x-request-id", id, "User-Agent", "probe/1.0")
                .statusCode()).isEqualTo(200);
        assertThat(get("/v1beta/models/" + TestServer.MODEL, "x-request-id", id + "h", "x-goog-api-key", TestServer.KEY)
                .statusCode()).isEqualTo(200);
        List<String> lines = Eventually.get(() -> Files.readAllLines(accessLog),
                l -> l.stream().anyMatch(x -> x.contains(id + "h")));
        assertThat(String.join("\n", lines)).doesNotContain(TestServer.KEY);
        JsonNode q = ApiJson.MAPPER.readTree(lines.stream().filter(l -> l.contains("\"" + id + "\"")).findFirst()
                .orElseThrow());
        assertThat(q.get("method").asText()).isEqualTo("GET");
        assertThat(q.get("path").asText()).isEqualTo("/v1beta/models?pageSize=5&key=REDACTED");
        assertThat(q.get("route").asText()).isEqualTo("/{version}/models");
        assertThat(q.get("status").asInt()).isEqualTo(200);
        assertThat(q.get("userAgent").asText()).isEqualTo("probe/1.0");
        assertThat(q.get("remoteAddress").asText()).isEqualTo("127.0.0.1");
        assertThat(q.get("durationMs").asDouble()).isPositive();
        String body = get("/v1beta/models?pageSize=5", "x-goog-api-key", TestServer.KEY).body();
        assertThat(q.get("bytes").asLong()).isEqualTo(body.length());
        assertThat(q.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        for (String line : lines) {
            assertThat(ApiJson.MAPPER.readTree(line).isObject()).isTrue();
        }
    }
}
