package org.pollux.serve.generate;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import org.pollux.generate.GenerationService;
import org.pollux.generate.Generator;
import org.pollux.models.EmbeddedModel;
import org.pollux.serve.ServerConfig;
import org.pollux.serve.TestServer;
import org.pollux.serve.generate.prompt.FileResolver;
import org.pollux.serve.http.ApiDispatcher;
import org.pollux.serve.http.ApiKeys;
import org.pollux.serve.http.HttpServer;
import org.pollux.serve.http.Router;
import org.pollux.serve.models.ModelFiles;
import org.pollux.serve.models.ModelRegistry;
import org.pollux.serve.models.ServedModel;
import org.pollux.serve.models.SerialGenerationService;
import org.pollux.serve.ops.Metrics;

/**
 * A real server for tests that need other wiring than {@code PolluxServer}'s: a constraint
 * factory, a file resolver, or a generation service of their own around the embedded model.
 */
final class WiredServer implements AutoCloseable {
    final ServedModel model;
    final Metrics metrics = new Metrics();
    private final ModelFiles.Opened opened;
    private final HttpServer http;

    /**
     * @param service builds the model's service from the real generator and the model lock
     */
    WiredServer(ConstraintFactory constraints, FileResolver files,
            BiFunction<Generator, ReentrantLock, GenerationService> service) throws Exception {
        opened = ModelFiles.openEmbedded(EmbeddedModel.STORIES_260K, 1);
        ServedModel base = opened.model();
        model = base.withService(service.apply(new Generator(base.model(), base.tokenizer()), base.modelLock()));
        ModelRegistry registry = new ModelRegistry().add(model);
        ServerConfig config = ServerConfig.defaults(java.nio.file.Path.of("unused")).withPort(0)
                .withApiKeys(Set.of(TestServer.KEY));
        Router router = new Router();
        new GenerationApi(registry, config, metrics, files, constraints).register(router);
        http = new HttpServer("127.0.0.1", 0, new ApiDispatcher(router, new ApiKeys(config.apiKeys())),
                done -> {}, Duration.ZERO); // tests stop at once: nothing is in flight
        http.start();
    }

    WiredServer(ConstraintFactory constraints) throws Exception {
        this(constraints, FileResolver.NONE, SerialGenerationService::new);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + http.port();
    }

    @Override
    public void close() throws Exception {
        http.close();
        opened.close();
    }
}
