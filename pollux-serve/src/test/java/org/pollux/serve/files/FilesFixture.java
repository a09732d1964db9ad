package org.pollux.serve.files;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.pollux.serve.http.ApiDispatcher;
import org.pollux.serve.http.ExchangeHandler;
import org.pollux.serve.http.ApiKeys;
import org.pollux.serve.http.HttpServer;
import org.pollux.serve.http.Router;

/**
 * An in-process HTTP server with only the file routes, on a free port, API key {@value #KEY}:
 * its settings and clock are the test's, its store is reachable, and every finished exchange is
 * recorded (method, path, upload command, status) so tests can see what a client sent.
 * {@link #restart} reopens the same data directory, as a server restart would.
 */
final class FilesFixture implements AutoCloseable {
    static final String KEY = "test-key";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    /** One finished exchange as the server saw it. */
    record Seen(String method, String path, String uploadCommand, int status) {}

    final Path root;
    final Path dataDir;
    final MutableClock clock;
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final UnaryOperator<FilesSettings> adjust;
    private HttpClient client;
    JdbcFileMetadataStore store;
    FileService files;
    private HttpServer http;

    private FilesFixture(UnaryOperator<FilesSettings> adjust) throws Exception {
        this.root = Files.createTempDirectory("pollux-files-test");
        this.dataDir = root.resolve("data");
        this.clock = new MutableClock(T0);
        this.adjust = adjust;
        open();
    }

    static FilesFixture start() throws Exception {
        return new FilesFixture(s -> s);
    }

    static FilesFixture start(UnaryOperator<FilesSettings> adjust) throws Exception {
        return new FilesFixture(adjust);
    }

    private void open() throws Exception {
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Files.createDirectories(dataDir);
        FilesSettings settings = adjust.apply(FilesSettings.defaults().withClock(clock));
        store = new JdbcFileMetadataStore(SqlDialect.sqliteUrl(dataDir.resolve("files.db")));
        files = new FileService(store, new BlobStore(dataDir.resolve("files")), settings, false, 1 << 20);
        Router router = new Router();
        new FileRoutes(files).register(router);
        ApiDispatcher dispatcher = new ApiDispatcher(router, new ApiKeys(Set.of(KEY)));
        ExchangeHandler recording = ex -> {
            String method = ex.method();
            String path = ex.path();
            String command = ex.header(ResumableUploadRoutes.COMMAND);
            ApiDispatcher.Dispatched d = dispatcher.dispatch(ex);
            seen.add(new Seen(method, path, command, d.status()));
            return d;
        };
        http = new HttpServer("127.0.0.1", 0, recording, done -> {}, Duration.ofSeconds(5));
        http.start();
    }

    /** Stops the server and reopens it on the same data directory and database. */
    void restart() throws Exception {
        stop();
        open();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + http.port();
    }

    int port() {
        return http.port();
    }

    /** A request builder for {@code path} (relative to the base URL, or absolute) carrying the key. */
    HttpRequest.Builder request(String path) {
        String url = path.startsWith("http") ? path : baseUrl() + path;
        return HttpRequest.newBuilder(URI.create(url)).header("x-goog-api-key", KEY);
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> sendForBytes(HttpRequest.Builder b) throws IOException, InterruptedException {
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    /**
     * Sends {@code head} (request line and headers, CRLF-separated, without the blank line) and
     * {@code body} on a raw socket; returns the status line and headers, or "" if the server closed.
     * Exactly what is written reaches the server: no client normalizes the path.
     */
    String raw(String head, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Sends a request whose body stops early (the client dies mid-upload) and closes the connection. */
    void rawInterrupted(String head, byte[] partialBody) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port())) {
            OutputStream out = s.getOutputStream();
            out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(partialBody);
            out.flush();
            s.setSoLinger(true, 0);
        }
    }

    /**
     * The recorded exchanges that match, once at least {@code count} do (an exchange is recorded
     * when its handler returns, which can be just after the client has read the reply).
     */
    List<Seen> awaitSeen(java.util.function.Predicate<Seen> which, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<Seen> matching = seen.stream().filter(which).toList();
            if (matching.size() >= count || System.nanoTime() > deadline) {
                return matching;
            }
            Thread.sleep(10);
        }
    }

    /** Waits until the server has finished {@code count} exchanges (they are recorded after the reply). */
    void awaitExchanges(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (seen.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the server finished " + seen.size() + " exchanges, expected " + count);
            }
            Thread.sleep(10);
        }
    }

    /** Regular files under {@code dir} (relative paths), for checking what is on disk. */
    static List<String> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (var w = Files.walk(dir)) {
            return w.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }

    /** The blobs and in-flight upload files (not the database). */
    List<String> storedBytes() throws IOException {
        return filesUnder(dataDir.resolve("files"));
    }

    private void stop() throws Exception {
        // Jetty's stop waits about a second for idle keep-alive connections: close ours first.
        client.shutdownNow();
        http.close();
        files.close();
    }

    static String statusLine(String rawResponse) {
        int eol = rawResponse.indexOf("\r\n");
        return eol < 0 ? rawResponse : rawResponse.substring(0, eol);
    }

    @Override
    public void close() throws Exception {
        stop();
        try (var w = Files.walk(root)) {
            w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
