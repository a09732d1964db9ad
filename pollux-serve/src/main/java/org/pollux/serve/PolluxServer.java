package org.pollux.serve;

import java.util.logging.Logger;
import org.pollux.serve.files.FileRoutes;
import org.pollux.serve.files.FileService;
import org.pollux.serve.http.ApiDispatcher;
import org.pollux.serve.http.ApiKeys;
import org.pollux.serve.http.HttpServer;
import org.pollux.serve.http.Router;
import org.pollux.serve.models.ModelRegistry;
import org.pollux.serve.models.ModelRoutes;

/**
 * The Gemini-API server: every route registered on one {@link Router}, served by an embedded
 * {@link HttpServer}. Start it with {@link #start}; {@link #close} shuts it down gracefully.
 */
public final class PolluxServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PolluxServer.class.getName());

    private final ServerConfig config;
    private final ModelRegistry models;
    private final HttpServer http;
    private final FileService files;

    private PolluxServer(ServerConfig config, ModelRegistry models) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("the server needs at least one model");
        }
        this.config = config;
        this.models = models;
        Router router = new Router();
        new ModelRoutes(models).register(router);
        this.files = FileService.open(config);
        new FileRoutes(files).register(router);
        ApiDispatcher dispatcher = new ApiDispatcher(router, new ApiKeys(config.apiKeys()));
        this.http = new HttpServer(config.host(), config.port(), dispatcher, (ex, status, nanos) -> {}, config.shutdownGrace());
    }

    /** Starts a server; the port is bound when this returns. */
    public static PolluxServer start(ServerConfig config, ModelRegistry models) throws Exception {
        PolluxServer s = new PolluxServer(config, models);
        s.http.start();
        LOG.info(() -> "serving " + models.all().size() + " model(s) on " + s.baseUrl());
        return s;
    }

    public int port() {
        return http.port();
    }

    /** {@code http://host:port}, the base URL clients are given. */
    public String baseUrl() {
        String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return "http://" + host + ":" + port();
    }

    public ServerConfig config() {
        return config;
    }

    public ModelRegistry models() {
        return models;
    }

    @Override
    public void close() throws Exception {
        http.close();
        files.close();
    }
}
