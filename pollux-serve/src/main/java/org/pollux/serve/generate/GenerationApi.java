package org.pollux.serve.generate;

import java.time.Clock;
import java.time.Duration;
import org.pollux.serve.ServerConfig;
import org.pollux.serve.caches.CacheRoutes;
import org.pollux.serve.caches.CachedContentStore;
import org.pollux.serve.generate.prompt.FileResolver;
import org.pollux.serve.http.Router;
import org.pollux.serve.models.ModelRegistry;
import org.pollux.serve.ops.Metrics;

/**
 * The generation side of the API as one route module: generateContent, streamGenerateContent,
 * countTokens, embedContent, batchEmbedContents and cachedContents, sharing one cache store and
 * one planner.
 */
public final class GenerationApi {
    private final GenerateRoutes generate;
    private final CountTokensRoutes count;
    private final EmbeddingRoutes embed;
    private final CacheRoutes caches;

    /**
     * @param metrics where finished generations are recorded
     * @param files resolves {@code fileData} references (the files API; {@link FileResolver#NONE} without it)
     * @param constraints constrained decoding ({@link ConstraintFactory#UNAVAILABLE} without it)
     */
    public GenerationApi(ModelRegistry models, ServerConfig config, Metrics metrics, FileResolver files,
            ConstraintFactory constraints) {
        CachedContentStore store = new CachedContentStore(Clock.systemUTC(), Duration.ofSeconds(30));
        GenerationPlanner planner = new GenerationPlanner(store, files, constraints, config.strict());
        this.generate = new GenerateRoutes(models, planner, metrics, config.maxBodyBytes(), config.strict());
        this.count = new CountTokensRoutes(models, planner, config.maxBodyBytes(), config.strict());
        this.embed = new EmbeddingRoutes(models, files, config.maxBodyBytes(), config.strict());
        this.caches = new CacheRoutes(models, store, files, config.maxBodyBytes(), config.strict());
    }

    public void register(Router router) {
        generate.register(router);
        count.register(router);
        embed.register(router);
        caches.register(router);
    }
}
