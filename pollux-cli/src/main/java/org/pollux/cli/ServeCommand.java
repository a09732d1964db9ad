package org.pollux.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.pollux.serve.PolluxServer;
import org.pollux.serve.ServerConfig;
import org.pollux.serve.models.ServedModel;
import org.pollux.serve.ops.ApiKeyFile;
import org.pollux.serve.ops.ModelSet;
import org.pollux.serve.ops.ModelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pollux serve [-m [NAME=]FILE]... [--port P] [--api-key KEY]...}: serves models over the
 * Gemini API until Ctrl-C or SIGTERM, then shuts down gracefully (requests in flight get
 * {@code --shutdown-grace} seconds to finish). Options left out keep {@link ServerConfig#defaults}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve models over the Gemini API (HTTP), with /healthz and Prometheus /metrics.")
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "[NAME=]FILE",
            description = "A GGUF model to serve as models/NAME (repeatable). FILE alone is named after the file. "
                    + "FILE may be a built-in model's name (pollux-mini, stories260k). "
                    + "Default: the embedded pollux-mini model.")
    List<String> models = new ArrayList<>();

    @Option(names = "--host", paramLabel = "HOST",
            description = "Interface to listen on (default 127.0.0.1; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port (default 8080; 0 picks a free one).")
    Integer port;

    @Option(names = "--api-key", paramLabel = "KEY", description = "An accepted API key (repeatable).")
    List<String> apiKeys = new ArrayList<>();

    @Option(names = "--api-keys-file", paramLabel = "FILE",
            description = "A file of accepted API keys: one per line, # starts a comment.")
    Path apiKeysFile;

    @Option(names = "--strict", description = "Reject unknown JSON fields with 400 (default: ignore them).")
    boolean strict;

    @Option(names = {"-t", "--threads"}, paramLabel = "N",
            description = "Compute threads per model (default: all ${sys:pollux.cores:-available} cores).")
    Integer threads;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where uploaded files and other state live (default $POLLUX_DATA, else ~/.local/share/pollux).")
    Path dataDir;

    @Option(names = "--database-url", paramLabel = "JDBC",
            description = "Metadata database, e.g. jdbc:postgresql://host/db (default: SQLite in the data directory).")
    String databaseUrl;

    @Option(names = "--max-queue", paramLabel = "N",
            description = "Generations that may wait per model before requests get 429 (default 64).")
    Integer maxQueue;

    @Option(names = "--max-batch", paramLabel = "N", description = "Sequences decoded together per model (default 8).")
    Integer maxBatch;

    @Option(names = "--max-body-mib", paramLabel = "MIB", description = "Largest request body in MiB (default 64).")
    Integer maxBodyMib;

    @Option(names = "--shutdown-grace", paramLabel = "SECONDS",
            description = "How long shutdown waits for requests in flight (default 10).")
    Double shutdownGrace;

    @Option(names = "--access-log", paramLabel = "FILE|-|off", defaultValue = ServerConfig.STDERR,
            description = "JSON access log: a file to append to, - for stderr (default), or off.")
    String accessLog;

    /** Completes with the server once it listens (tests wait on it), or with the startup failure. */
    final CompletableFuture<PolluxServer> started = new CompletableFuture<>();

    private final CountDownLatch stopped = new CountDownLatch(1);
    private PolluxServer server;
    private ModelSet modelSet;
    private boolean stopping;

    @Override
    public Integer call() throws Exception {
        try {
            start();
        } catch (Exception | Error e) {
            started.completeExceptionally(e);
            throw e;
        }
        Thread hook = new Thread(this::stop, "pollux-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        started.complete(server);
        stopped.await();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is exiting: the hook is what stopped the server.
        }
        return 0;
    }

    private void start() throws Exception {
        ServerConfig config = config();
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getClass().getSimpleName();
            throw new UncheckedIOException("cannot create the data directory " + config.dataDir() + ": " + why, e);
        }
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        modelSet = ModelSet.open(models.stream().map(ModelSpec::parse).toList(), n, config.scheduling());
        try {
            server = PolluxServer.start(config, modelSet.registry());
        } catch (Exception e) {
            modelSet.close();
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(banner(server));
        out.flush();
        if (config.apiKeys().isEmpty() && !isLoopback(config.host())) {
            spec.commandLine().getErr().println("pollux: warning: listening on " + config.host()
                    + " without an API key: anyone who can reach this host can use the models (add --api-key)");
            spec.commandLine().getErr().flush();
        }
    }

    /** The config the options describe, on top of {@link ServerConfig#defaults}. */
    ServerConfig config() {
        ServerConfig c = ServerConfig.defaults(dataDir != null ? dataDir : defaultDataDir(System.getenv(),
                System.getProperty("user.home")));
        if (host != null) {
            c = c.withHost(host);
        }
        if (port != null) {
            c = c.withPort(port);
        }
        Set<String> keys = new LinkedHashSet<>(apiKeys);
        if (apiKeysFile != null) {
            keys.addAll(ApiKeyFile.read(apiKeysFile));
        }
        c = c.withApiKeys(keys).withStrict(strict).withDatabaseUrl(databaseUrl)
                .withAccessLog(accessLog.equals("off") ? null : accessLog);
        if (maxQueue != null) {
            c = c.withMaxQueue(maxQueue);
        }
        if (maxBatch != null) {
            c = c.withMaxBatch(maxBatch);
        }
        if (maxBodyMib != null) {
            if (maxBodyMib < 1) {
                throw new IllegalArgumentException("--max-body-mib must be at least 1, got " + maxBodyMib);
            }
            c = c.withMaxBodyBytes((long) maxBodyMib << 20);
        }
        if (shutdownGrace != null) {
            if (!(shutdownGrace >= 0)) {
                throw new IllegalArgumentException("--shutdown-grace must be a number of seconds >= 0, got "
                        + shutdownGrace);
            }
            c = c.withShutdownGrace(Duration.ofMillis(Math.round(shutdownGrace * 1000)));
        }
        return c;
    }

    /** {@code $POLLUX_DATA}, else {@code ~/.local/share/pollux} (the XDG data home). */
    static Path defaultDataDir(Map<String, String> env, String home) {
        String fromEnv = env.get("POLLUX_DATA");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return Path.of(home, ".local", "share", "pollux");
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
    }

    /** What is printed once the server listens: where, which models, and a request to paste. */
    static String banner(PolluxServer server) {
        String base = server.baseUrl();
        List<ServedModel> all = server.models().all();
        boolean keys = !server.config().apiKeys().isEmpty();
        StringBuilder b = new StringBuilder();
        b.append("pollux serve: ").append(all.size()).append(all.size() == 1 ? " model" : " models").append(" on ")
                .append(base).append(keys ? " (API key required)" : " (no API key required)")
                .append(server.config().strict() ? ", strict JSON" : "").append('\n');
        for (ServedModel m : all) {
            b.append("  ").append(m.resourceName()).append("  ").append(m.description()).append('\n');
        }
        b.append("Try it:\n");
        b.append("  curl -s ").append(base).append("/v1beta/").append(all.get(0).resourceName())
                .append(":generateContent \\\n");
        b.append("    -H 'Content-Type: application/json'");
        if (keys) {
            b.append(" -H \"x-goog-api-key: $GEMINI_API_KEY\"");
        }
        b.append(" \\\n    -d '{\"contents\":[{\"parts\":[{\"text\":\"Once upon a time\"}]}]}'\n");
        b.append("SDKs: GOOGLE_GEMINI_BASE_URL=").append(base).append(keys ? " GEMINI_API_KEY=<your key>" : "")
                .append('\n');
        b.append("Health: ").append(base).append("/healthz   Metrics: ").append(base).append("/metrics\n");
        b.append("Ctrl-C stops the server.\n");
        return b.toString();
    }

    /**
     * Shuts down once (the shutdown hook, or a test): stops accepting, lets requests in flight
     * finish within the grace period, closes the models, and lets {@link #call} return.
     */
    synchronized void stop() {
        if (stopping || server == null) {
            return;
        }
        stopping = true;
        // Not java.util.logging: its own shutdown hook may already have closed its handlers.
        System.err.println("pollux: shutting down (waiting up to " + server.config().shutdownGrace().toMillis()
                + " ms for requests in flight)");
        try {
            server.close();
        } catch (Exception e) {
            System.err.println("pollux: error while stopping the server: " + e);
        }
        try {
            modelSet.close();
        } catch (Exception e) {
            System.err.println("pollux: error while closing the models: " + e);
        }
        stopped.countDown();
    }
}
