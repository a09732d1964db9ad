package org.pollux.serve.models;

import java.util.List;

/**
 * The {@code Model} resource (API.md §3), with the fields the live service returns.
 * Token limits come from the model: input = its context, output = its context (a reply can use
 * whatever the prompt leaves).
 */
public record ModelResource(
        String name,
        String baseModelId,
        String version,
        String displayName,
        String description,
        int inputTokenLimit,
        int outputTokenLimit,
        List<String> supportedGenerationMethods,
        double temperature,
        double maxTemperature,
        double topP,
        int topK,
        boolean thinking) {

    /** What every served model supports. */
    public static final List<String> METHODS = List.of("generateContent", "streamGenerateContent", "countTokens",
            "createCachedContent", "embedContent", "batchEmbedContents");

    public static ModelResource of(ServedModel m) {
        int ctx = m.model().contextLength();
        return new ModelResource(m.resourceName(), m.id(), "001", m.displayName(), m.description(), ctx, ctx, METHODS,
                1.0, 2.0, 0.95, 64, false);
    }
}
