package org.pollux.serve;

import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.pollux.generate.batch.BatchingScheduler;
import org.pollux.serve.files.FileRoutes;
import org.pollux.serve.files.FileService;
import org.pollux.serve.files.StoredFiles;
import org.pollux.serve.generate.GenerationApi;
import org.pollux.serve.generate.JsonConstraintFactory;
import org.pollux.serve.generate.prompt.FileResolver;
import org.pollux.serve.http.ApiDispatcher;
import org.pollux.serve.http.ApiKeys;
import org.pollux.serve.http.HttpServer;
import org.pollux.serve.http.JettyHandler;
import org.pollux.serve.http.Router;
import org.pollux.serve.models.ModelRegistry;
import org.pollux.serve.models.ModelRoutes;
import org.pollux.serve.models.ServedModel;
import org.pollux.serve.ops.AccessLog;
import org.pollux.serve.ops.Metrics;
import org.pollux.serve.ops.OpsRoutes;
import org.pollux.serve.ops.SchedulerStats;
import org.pollux.serve.playground.PlaygroundRoutes;

/**
 * The Gemini-API server: every route registered on one {@link Router}, served by an embedded
 * {@link HttpServer}. Start it with {@link #start}; {@link #close} shuts it down gracefully
 * (requests in flight get {@link ServerConfig#shutdownGrace} to finish).
 *
 * <p>Every exchange is counted in the {@link Metrics} and, when the config asks for one, written
 * to the {@link AccessLog}.
 */
public final class PolluxServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PolluxServer.class.getName());

    /**
     * What route modules are given: the config (strict JSON, body limit, data directory…), the
     * models, and the metrics to record generations into.
     */
    public record Context(ServerConfig config, ModelRegistry models, Metrics metrics, FileService files) {}

    /** A group of routes, registered on the server's router at start. */
    @FunctionalInterface
    public interface RouteModule {
        void register(Router router, Context context);
    }

    /** The server's own routes, registered before any extra module. */
    private static final List<RouteModule> BUILT_IN = List.of(
            (router, ctx) -> new ModelRoutes(ctx.models()).register(router),
            (router, ctx) -> new OpsRoutes(ctx.models(), ctx.metrics()).register(router),
            (router, ctx) -> new PlaygroundRoutes().register(router),
            (router, ctx) -> new FileRoutes(ctx.files()).register(router),
            (router, ctx) -> new GenerationApi(ctx.models(), ctx.config(), ctx.metrics(),
                    storedFileResolver(ctx.files().storedFiles()), new JsonConstraintFactory()).register(router));

    /** {@code fileData.fileUri} parts read the server's stored files. */
    private static FileResolver storedFileResolver(StoredFiles stored) {
        return uri -> {
            StoredFiles.Resolved f = stored.resolve(uri);
            try {
                return new FileResolver.ResolvedFile(f.mimeType(), f.readAllBytes());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("reading " + f.name() + " failed: " + e.getMessage(), e);
            }
        };
    }

    private final ServerConfig config;
    private final ModelRegistry models;
    private final Metrics metrics = new Metrics();
    private final AccessLog accessLog;
    private final HttpServer http;
    private final FileService files;

    private PolluxServer(ServerConfig config, ModelRegistry models, List<RouteModule> extra) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("the server needs at least one model");
        }
        this.config = config;
        this.models = models;
        for (ServedModel m : models.all()) {
            // A batching scheduler reports its queue, active sequences and engine time; anything else reads 0.
            metrics.addModel(m.id(), m.service() instanceof BatchingScheduler b ? SchedulerStats.of(b::stats)
                    : SchedulerStats.IDLE);
        }
        this.files = FileService.open(config);
        Context context = new Context(config, models, metrics, files);
        Router router = new Router();
        List<RouteModule> modules = new ArrayList<>(BUILT_IN);
        modules.addAll(extra);
        modules.forEach(m -> m.register(router, context));
        ApiDispatcher dispatcher = new ApiDispatcher(router, new ApiKeys(config.apiKeys()));
        this.accessLog = AccessLog.open(config.accessLog());
        JettyHandler.ExchangeListener listener = done -> {
            metrics.request(done.method(), done.route(), done.status(), done.nanos());
            if (accessLog != null) {
                accessLog.log(done);
            }
        };
        this.http = new HttpServer(config.host(), config.port(), dispatcher, listener, config.shutdownGrace());
    }

    /** Starts a server with the built-in routes; the port is bound when this returns. */
    public static PolluxServer start(ServerConfig config, ModelRegistry models) throws Exception {
        return start(config, models, List.of());
    }

    /**
     * Starts a server with the built-in routes and {@code extra} ones (registered after them, so
     * they cannot shadow a built-in route). A port that is taken fails with a message naming it.
     */
    public static PolluxServer start(ServerConfig config, ModelRegistry models, List<RouteModule> extra)
            throws Exception {
        PolluxServer s = new PolluxServer(config, models, extra);
        try {
            s.http.start();
        } catch (Exception e) {
            s.close();
            if (causedBy(e, BindException.class)) {
                throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port()
                        + ": the port is already in use (stop the other server or choose another --port)", e);
            }
            throw e;
        }
        LOG.info(() -> "serving " + models.all().size() + " model(s) on " + s.baseUrl());
        return s;
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    public int port() {
        return http.port();
    }

    /** {@code http://host:port}, the base URL clients are given. */
    public String baseUrl() {
        String host = switch (config.host()) {
            case "0.0.0.0", "" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default -> config.host().indexOf(':') >= 0 && !config.host().startsWith("[")
                    ? "[" + config.host() + "]" : config.host();
        };
        return "http://" + host + ":" + port();
    }

    public ServerConfig config() {
        return config;
    }

    public ModelRegistry models() {
        return models;
    }

    /** The metrics every route module records into. */
    public Metrics metrics() {
        return metrics;
    }

    /**
     * Stops accepting, lets requests in flight finish (up to the grace period), then stops; the
     * connections of requests still running then are closed, which ends their streams.
     */
    @Override
    public void close() throws Exception {
        try {
            http.close();
        } catch (TimeoutException e) {
            // Jetty has stopped anyway; the grace ran out, which is what the grace is for.
            LOG.warning(() -> "shutdown grace of " + config.shutdownGrace().toMillis()
                    + " ms ran out; requests still running were cut off");
        } finally {
            files.close();
            if (accessLog != null) {
                accessLog.close();
            }
        }
    }
}
