package org.pollux.serve.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pollux.models.EmbeddedModel;
import org.pollux.serve.PolluxServer;
import org.pollux.serve.ServerConfig;
import org.pollux.serve.TestServer;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.http.ApiDispatcher;
import org.pollux.serve.models.ModelFiles;
import org.pollux.serve.models.ModelRegistry;

/**
 * How the server treats requests, through a test route module that reads its body the way the
 * API's handlers do (the config reaching it from the server): strict and lenient JSON, query
 * parameters it ignores, DELETE bodies, h2c upgrade headers, the body size limit, a taken port.
 */
class RequestHandlingTest {
    static final int LIMIT = 4096;

    /** A request message with two fields. */
    record Thing(String displayName, Integer count) {}

    /** POST /{version}/things echoes a Thing; DELETE /{version}/things/{id} answers {}. */
    static final PolluxServer.RouteModule THINGS = (router, ctx) -> {
        router.api("POST", "/things", call -> {
            byte[] body = call.exchange().bodyBytes(ctx.config().maxBodyBytes());
            Thing t = ApiJson.read(body, Thing.class, ctx.config().strict());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("displayName", t.displayName());
            out.put("count", t.count());
            out.put("bodyBytes", body.length);
            ApiDispatcher.writeJson(call.exchange(), 200, out);
        });
        router.api("DELETE", "/things/{id}", call -> ApiDispatcher.writeEmpty(call.exchange()));
        router.plain("GET", "/headers", call -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("upgrade", call.exchange().header("Upgrade"));
            out.put("connection", call.exchange().header("Connection"));
            ApiDispatcher.writeJson(call.exchange(), 200, out);
        });
    };

    static TestServer lenient;
    static TestServer strict;

    @BeforeAll
    static void start() throws Exception {
        lenient = TestServer.start(c -> c.withMaxBodyBytes(LIMIT), List.of(THINGS));
        strict = TestServer.start(c -> c.withMaxBodyBytes(LIMIT).withStrict(true), List.of(THINGS));
    }

    @AfterAll
    static void stop() throws Exception {
        lenient.close();
        strict.close();
    }

    @ParameterizedTest(name = "{0} → lenient {1}, strict {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"displayName\":\"a\"}                         | 200 | 200 | ",
        "{\"display_name\":\"a\"}                        | 200 | 200 | ",
        "{\"displayName\":\"a\",\"bogus\":1}             | 200 | 400 | Unknown name \"bogus\"",
        "{\"displayName\":\"a\",\"extra\":{\"x\":[1]}}   | 200 | 400 | Unknown name \"extra\"",
        "{\"count\":2.0}                                 | 200 | 200 | ",
        "{\"count\":\"3\"}                               | 200 | 200 | ",
        "{}                                              | 200 | 200 | ",
        "`                                              `| 200 | 200 | ",
        "{\"count\":\"x\"}                               | 400 | 400 | Invalid JSON payload received.",
        "{\"displayName\":                               | 400 | 400 | Invalid JSON payload received.",
        "[]                                              | 400 | 400 | Expected an object, got array.",
    })
    void strictRejectsUnknownFieldsLenientIgnoresThem(String body, int lenientStatus, int strictStatus, String message)
            throws Exception {
        HttpResponse<String> l = lenient.send("POST", "/v1beta/things", body.strip());
        HttpResponse<String> s = strict.send("POST", "/v1beta/things", body.strip());
        assertThat(l.statusCode()).as(l.body()).isEqualTo(lenientStatus);
        assertThat(s.statusCode()).as(s.body()).isEqualTo(strictStatus);
        if (message != null) {
            var error = ApiJson.MAPPER.readTree(strictStatus == 400 ? s.body() : l.body()).get("error");
            assertThat(error.get("message").asText()).contains(message.replace("\\\"", "\""));
            assertThat(error.get("status").asText()).isEqualTo("INVALID_ARGUMENT");
        }
    }

    @Test
    void theAltJsonEnumEncodingParameterIsIgnored() throws Exception {
        for (TestServer server : List.of(lenient, strict)) {
            HttpResponse<String> r = server.send("POST", "/v1beta/things?$alt=json;enum-encoding=int",
                    "{\"displayName\":\"x\"}");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"displayName\":\"x\",\"count\":null,\"bodyBytes\":19}".replace(
                    "\"count\":null,", ""));
            assertThat(server.send("GET", "/v1beta/models?%24alt=json%3Benum-encoding%3Dint", null).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void deleteWithAnEmptyObjectBodyIsAccepted() throws Exception {
        for (TestServer server : List.of(lenient, strict)) {
            for (int i = 0; i < 3; i++) { // the unread body must not break the next request on the connection
                HttpResponse<String> r = server.send("DELETE", "/v1beta/things/t" + i, "{}");
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("{}");
            }
            assertThat(server.send("DELETE", "/v1/things/t", null).body()).isEqualTo("{}");
        }
    }

    @Test
    void h2cUpgradeRequestsAreServedAsHttp11() throws Exception {
        // For plain http the JDK client asks for HTTP/2 with "Upgrade: h2c" and accepts an HTTP/1.1 answer.
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> seen = h2.send(HttpRequest.newBuilder(URI.create(lenient.baseUrl() + "/headers")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(seen.statusCode()).isEqualTo(200);
        assertThat(seen.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        var headers = ApiJson.MAPPER.readTree(seen.body());
        assertThat(headers.get("upgrade").asText()).isEqualTo("h2c");
        assertThat(headers.get("connection").asText()).contains("Upgrade");
        HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        HttpResponse<String> get = fresh.send(HttpRequest.newBuilder(URI.create(lenient.baseUrl() + "/v1beta/models"))
                .header("x-goog-api-key", TestServer.KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(get.body()).contains("models/" + TestServer.MODEL);
        HttpResponse<String> post = fresh.send(HttpRequest.newBuilder(URI.create(lenient.baseUrl() + "/v1beta/things"))
                .header("x-goog-api-key", TestServer.KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"displayName\":\"up\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(200);
        assertThat(post.body()).contains("\"displayName\":\"up\"");
    }

    @Test
    void bodiesOverTheLimitAre400NamingTheLimit() throws Exception {
        String exact = "{\"displayName\":\"a\"}" + " ".repeat(LIMIT - 19);
        HttpResponse<String> ok = lenient.send("POST", "/v1beta/things", exact);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"bodyBytes\":" + LIMIT);

        HttpResponse<String> declared = lenient.send("POST", "/v1beta/things", exact + " ");
        assertThat(declared.statusCode()).isEqualTo(400);
        assertThat(declared.body()).contains("Request payload size exceeds the limit: " + LIMIT + " bytes.");

        // Without a Content-Length (chunked) the limit is found while reading.
        byte[] big = (exact + "    ").getBytes();
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(lenient.baseUrl() + "/v1beta/things"))
                        .header("x-goog-api-key", TestServer.KEY)
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(400);
        assertThat(chunked.body()).contains("exceeds the limit: " + LIMIT + " bytes");
    }

    @Test
    void aTakenPortIsNamedInTheError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                ModelFiles.Opened model = ModelFiles.openEmbedded(EmbeddedModel.STORIES_260K, 1)) {
            int port = taken.getLocalPort();
            ServerConfig config = ServerConfig.defaults(Files.createTempDirectory("pollux-port")).withPort(port);
            assertThatThrownBy(() -> PolluxServer.start(config, new ModelRegistry().add(model.model())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("cannot listen on 127.0.0.1:" + port
                            + ": the port is already in use (stop the other server or choose another --port)");
        }
    }
}
