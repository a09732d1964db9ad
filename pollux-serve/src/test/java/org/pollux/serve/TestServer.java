package org.pollux.serve;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.pollux.models.EmbeddedModel;
import org.pollux.serve.models.ModelFiles;
import org.pollux.serve.models.ModelRegistry;

/**
 * An in-process server on a free port, serving the embedded stories260K model as
 * {@code models/stories260k} with API key {@value #KEY}; plus raw-HTTP helpers for tests.
 */
public final class TestServer implements AutoCloseable {
    public static final String KEY = "test-key";
    public static final String MODEL = "stories260k";

    public final PolluxServer server;
    private final ModelFiles.Opened opened;
    private final Path dataDir;
    private final HttpClient client = HttpClient.newHttpClient();

    private TestServer(ServerConfig config, ModelFiles.Opened opened, Path dataDir,
            java.util.List<PolluxServer.RouteModule> modules) throws Exception {
        this(config, opened, dataDir, modules, opened.model());
    }

    private TestServer(ServerConfig config, ModelFiles.Opened opened, Path dataDir,
            java.util.List<PolluxServer.RouteModule> modules, org.pollux.serve.models.ServedModel served)
            throws Exception {
        this.opened = opened;
        this.dataDir = dataDir;
        this.server = PolluxServer.start(config, new ModelRegistry().add(served), modules);
    }

    /** A default server whose model delivers each piece of streamed text after {@code pause}. */
    public static TestServer startPaced(java.time.Duration pause) throws Exception {
        return startPaced(pause, c -> c);
    }

    /** A paced server (see above) whose config, scheduling included, the caller adjusts. */
    public static TestServer startPaced(java.time.Duration pause, java.util.function.UnaryOperator<ServerConfig> adjust)
            throws Exception {
        Path dir = Files.createTempDirectory("pollux-serve-test");
        ServerConfig config = adjust.apply(ServerConfig.defaults(dir).withPort(0).withApiKeys(Set.of(KEY)));
        ModelFiles.Opened opened = ModelFiles.openEmbedded(EmbeddedModel.STORIES_260K, 1, config.scheduling());
        var m = opened.model();
        return new TestServer(config, opened, dir, java.util.List.of(),
                m.withService(new PacedGenerationService(m.service(), pause)));
    }

    /** A server with the default test settings (lenient JSON, one key). */
    public static TestServer start() throws Exception {
        return start(c -> c);
    }

    /** A server whose config the caller adjusts. */
    public static TestServer start(java.util.function.UnaryOperator<ServerConfig> adjust) throws Exception {
        return start(adjust, java.util.List.of());
    }

    /** A server whose config the caller adjusts, with extra (test) route modules. */
    public static TestServer start(java.util.function.UnaryOperator<ServerConfig> adjust,
            java.util.List<PolluxServer.RouteModule> modules) throws Exception {
        Path dir = Files.createTempDirectory("pollux-serve-test");
        ServerConfig config = adjust.apply(ServerConfig.defaults(dir).withPort(0).withApiKeys(Set.of(KEY)));
        return new TestServer(config, ModelFiles.openEmbedded(EmbeddedModel.STORIES_260K, 1, config.scheduling()), dir, modules);
    }

    /** The folder the server keeps its state in (deleted on close). */
    public Path dataDir() {
        return dataDir;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** A request with the test key in the header. */
    public HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, body, true);
    }

    public HttpResponse<String> send(String method, String path, String body, boolean withKey)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (withKey) {
            b.header("x-goog-api-key", KEY);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        server.close();
        opened.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
