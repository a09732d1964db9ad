package org.pollux.serve.generate.wire;

import java.util.List;

/** The bodies embedContent and batchEmbedContents answer with. */
public final class EmbeddingResponses {
    private EmbeddingResponses() {}

    /** One vector. */
    public record ContentEmbedding(float[] values) {}

    /** embedContent's answer. */
    public record Single(ContentEmbedding embedding) {}

    /** batchEmbedContents' answer, one vector per request in order. */
    public record Batch(List<ContentEmbedding> embeddings) {}
}
