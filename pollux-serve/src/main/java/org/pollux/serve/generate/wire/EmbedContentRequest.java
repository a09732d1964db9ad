package org.pollux.serve.generate.wire;

/**
 * embedContent (and each element of batchEmbedContents): the content to embed, an optional task
 * type and document title, and an optional truncated size.
 */
public record EmbedContentRequest(String model, Content content, String taskType, String title,
        Integer outputDimensionality) {}
