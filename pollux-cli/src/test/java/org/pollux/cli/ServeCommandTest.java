package org.pollux.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pollux.models.EmbeddedModel;
import org.pollux.serve.PolluxServer;
import picocli.CommandLine;

/** {@code pollux serve} end to end in-process: options, requests over HTTP, shutdown, and its errors. */
class ServeCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    /** A parsed {@code serve} command, its output, and the thread running it. */
    record Running(ServeCommand command, StringWriter out, CompletableFuture<Integer> exit) {}

    static Running serve(String... args) {
        CommandLine cl = PolluxCli.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        CommandLine.ParseResult parsed = cl.parseArgs(args);
        ServeCommand cmd = (ServeCommand) parsed.subcommand().commandSpec().userObject();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Thread.ofPlatform().name("serve-under-test").start(() -> {
            try {
                exit.complete(cmd.call());
            } catch (Throwable e) {
                exit.completeExceptionally(e);
            }
        });
        return new Running(cmd, out, exit);
    }

    static HttpResponse<String> get(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesTwoModelsWithKeysFromOptionsAndAFileThenStops() throws Exception {
        Path keys = Files.writeString(tmp.resolve("keys.txt"), "# ops team\nkey-from-file\n");
        Path log = tmp.resolve("logs/access.log");
        Path model = EmbeddedModel.STORIES_260K.path();
        Running r = serve("serve", "--port", "0", "--data-dir", tmp.resolve("data").toString(), "--threads", "1",
                "--api-key", "key-one", "--api-keys-file", keys.toString(), "--strict", "--access-log", log.toString(),
                "-m", "tiny=" + model, "-m", model.toString());
        PolluxServer server = r.command().started.get(60, TimeUnit.SECONDS);
        String base = server.baseUrl();
        String fileModel = model.getFileName().toString().replace(".gguf", "");
        try {
            assertThat(server.config().strict()).isTrue();
            assertThat(server.config().apiKeys()).containsExactlyInAnyOrder("key-one", "key-from-file");
            assertThat(Files.isDirectory(tmp.resolve("data"))).isTrue();

            JsonNode health = JSON.readTree(get(base + "/healthz").body());
            assertThat(health.get("status").asText()).isEqualTo("ok");
            assertThat(health.get("models").toString()).isEqualTo("[\"models/tiny\",\"models/" + fileModel + "\"]");

            HttpResponse<String> viaQuery = get(base + "/v1beta/models?key=key-from-file");
            assertThat(viaQuery.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(viaQuery.body()).get("models")).hasSize(2);
            assertThat(get(base + "/v1/models/tiny", "x-goog-api-key", "key-one").statusCode()).isEqualTo(200);
            assertThat(get(base + "/v1beta/models", "x-goog-api-key", "wrong").statusCode()).isEqualTo(400);
            assertThat(get(base + "/v1beta/models").statusCode()).isEqualTo(403);

            String metrics = get(base + "/metrics").body();
            assertThat(metrics).contains("pollux_queue_depth{model=\"tiny\"} 0.0")
                    .contains("pollux_queue_depth{model=\"" + fileModel + "\"} 0.0");

            String banner = r.out().toString();
            assertThat(banner).startsWith("pollux serve: 2 models on " + base + " (API key required), strict JSON\n")
                    .contains("  models/tiny  Local model ")
                    .contains("  curl -s " + base + "/v1beta/models/tiny:generateContent \\\n")
                    .contains("-H \"x-goog-api-key: $GEMINI_API_KEY\"")
                    .contains("Health: " + base + "/healthz   Metrics: " + base + "/metrics\n");
        } finally {
            r.command().stop();
        }
        assertThat(r.exit().get(30, TimeUnit.SECONDS)).isZero();
        assertThatThrownBy(() -> get(base + "/healthz")).isInstanceOf(IOException.class);
        String logged = Files.readString(log);
        assertThat(logged.lines().count()).isEqualTo(6); // every request above, none lost at shutdown
        assertThat(logged).contains("\"path\":\"/v1beta/models?key=REDACTED\"")
                .doesNotContain("key-from-file").doesNotContain("key-one");
    }

    @Test
    void withoutModelsItServesTheEmbeddedOneWithoutKeys() throws Exception {
        Running r = serve("serve", "--port", "0", "--data-dir", tmp.toString(), "-t", "1", "--access-log", "off");
        PolluxServer server = r.command().started.get(60, TimeUnit.SECONDS);
        try {
            HttpResponse<String> models = get(server.baseUrl() + "/v1beta/models");
            assertThat(models.statusCode()).isEqualTo(200);
            assertThat(models.body()).contains("\"name\":\"models/pollux-mini\"");
            assertThat(server.config().accessLog()).isNull();
            assertThat(r.out().toString()).contains("(no API key required)").doesNotContain("x-goog-api-key")
                    .contains("/v1beta/models/pollux-mini:generateContent");
        } finally {
            r.command().stop();
        }
        assertThat(r.exit().get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void badOptionsGetOneLineErrors() throws Exception {
        String data = tmp.toString();
        Path emptyKeys = Files.writeString(tmp.resolve("empty-keys"), "# none\n");
        Path file = Files.writeString(tmp.resolve("a-file"), "");
        Map<List<String>, String> cases = Map.of(
                List.of("--data-dir", file.resolve("sub").toString()), "pollux: cannot create the data directory "
                        + file.resolve("sub") + ": Not a directory",
                List.of("-m", "/no/such/model.gguf"), "pollux: model file /no/such/model.gguf does not exist",
                List.of("-m", "a=" + tmp), "pollux: model file " + tmp + " is not a regular file",
                List.of("--api-keys-file", emptyKeys.toString()), "pollux: API keys file " + emptyKeys
                        + " has no keys (one key per line, # comments)",
                List.of("--max-body-mib", "0"), "pollux: --max-body-mib must be at least 1, got 0",
                List.of("--shutdown-grace", "-1"), "pollux: --shutdown-grace must be a number of seconds >= 0, got -1.0",
                List.of("--port", "70000"), "pollux: port must be in 0..65535, got 70000",
                List.of("--api-key", "has space"), "pollux: an API key must be non-empty, without spaces or control "
                        + "characters");
        for (var c : cases.entrySet()) {
            List<String> base = c.getKey().contains("--data-dir") ? List.of("serve", "-t", "1")
                    : List.of("serve", "--data-dir", data, "-t", "1");
            String[] args = concat(base, c.getKey());
            CliRunner.Result res = CliRunner.run(args);
            assertThat(res.code()).as(String.join(" ", args)).isEqualTo(1);
            assertThat(res.err().strip()).as(String.join(" ", args)).isEqualTo(c.getValue());
        }
    }

    @Test
    void aTakenPortIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            CliRunner.Result res = CliRunner.run("serve", "--data-dir", tmp.toString(), "-t", "1", "--port",
                    Integer.toString(port));
            assertThat(res.code()).isEqualTo(1);
            assertThat(res.err().strip()).isEqualTo("pollux: cannot listen on 127.0.0.1:" + port
                    + ": the port is already in use (stop the other server or choose another --port)");
        }
    }

    @Test
    void dataDirectoryComesFromTheEnvironmentOrTheXdgDefault() {
        assertThat(ServeCommand.defaultDataDir(Map.of("POLLUX_DATA", "/srv/pollux"), "/home/u"))
                .isEqualTo(Path.of("/srv/pollux"));
        assertThat(ServeCommand.defaultDataDir(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.local/share/pollux"));
        assertThat(ServeCommand.defaultDataDir(Map.of("POLLUX_DATA", " "), "/home/u"))
                .isEqualTo(Path.of("/home/u/.local/share/pollux"));
    }

    private static String[] concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toArray(String[]::new);
    }
}
