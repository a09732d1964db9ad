package org.pollux.serve.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;
import org.pollux.serve.api.ApiJson;

/**
 * A minimal Gemini-API client for load tests: one {@code streamGenerateContent?alt=sse} call,
 * timed from the request to the first event carrying text and to the end of the stream.
 */
public final class StreamingClient {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String apiKey;

    /** One streamed generation, measured. */
    public record Timing(long firstTextNanos, long totalNanos, int promptTokens, int outputTokens, int cachedTokens) {}

    public StreamingClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    /** Streams one generation for {@code body} (a GenerateContentRequest) and times it. */
    public Timing stream(String model, String body) throws IOException, InterruptedException {
        HttpRequest req = request("/v1beta/models/" + model + ":streamGenerateContent?alt=sse", body);
        long start = System.nanoTime();
        HttpResponse<Stream<String>> r = http.send(req, HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            String text = String.join("\n", (Iterable<String>) r.body()::iterator);
            throw new IOException("HTTP " + r.statusCode() + ": " + text);
        }
        long first = 0;
        JsonNode last = null;
        try (Stream<String> lines = r.body()) {
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (!line.startsWith("data:")) {
                    continue;
                }
                JsonNode event = ApiJson.MAPPER.readTree(line.substring(5).trim());
                if (event.has("error")) {
                    throw new IOException("error event: " + event.get("error"));
                }
                if (first == 0 && event.path("candidates").path(0).path("content").path("parts").size() > 0) {
                    first = System.nanoTime() - start;
                }
                last = event;
            }
        }
        long total = System.nanoTime() - start;
        if (last == null) {
            throw new IOException("the stream ended without an event");
        }
        JsonNode usage = last.path("usageMetadata");
        return new Timing(first == 0 ? total : first, total, usage.path("promptTokenCount").asInt(),
                usage.path("candidatesTokenCount").asInt(), usage.path("cachedContentTokenCount").asInt());
    }

    /** POSTs a JSON body to an API path and returns the parsed response (non-200 is an IOException). */
    public JsonNode post(String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request(path, body), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " from " + path + ": " + r.body());
        }
        return ApiJson.MAPPER.readTree(r.body());
    }

    /** The key header, when there is a key (a server without keys needs none). */
    private HttpRequest.Builder keyed(HttpRequest.Builder b) {
        return apiKey.isEmpty() ? b : b.header("x-goog-api-key", apiKey);
    }

    /** GETs an API path and returns the parsed response (non-200 is an IOException). */
    public JsonNode get(String path) throws IOException, InterruptedException {
        return ApiJson.MAPPER.readTree(getText(path));
    }

    /** GETs a path and returns the body as text ({@code /metrics}); non-200 is an IOException. */
    public String getText(String path) throws IOException, InterruptedException {
        HttpRequest req = keyed(HttpRequest.newBuilder(URI.create(baseUrl + path))).timeout(Duration.ofMinutes(1))
                .GET().build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode() + " from " + path + ": " + r.body());
        }
        return r.body();
    }

    private HttpRequest request(String path, String body) {
        return keyed(HttpRequest.newBuilder(URI.create(baseUrl + path)))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
