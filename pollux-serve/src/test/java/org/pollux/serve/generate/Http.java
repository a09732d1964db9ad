package org.pollux.serve.generate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.pollux.serve.TestServer;

/** Raw HTTP calls with the test key, for what no SDK exercises. */
final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private Http() {}

    static HttpResponse<String> post(String baseUrl, String path, String body) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("x-goog-api-key", TestServer.KEY)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A one-turn generateContent body. */
    static String ask(String text, String generationConfig) {
        return "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + text + "\"}]}]"
                + (generationConfig == null ? "" : ",\"generationConfig\":" + generationConfig) + "}";
    }
}
