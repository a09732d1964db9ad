package org.pollux.serve.generate.wire;

import java.util.List;

/** batchEmbedContents: several embedContent requests, answered in order. */
public record BatchEmbedContentsRequest(List<EmbedContentRequest> requests) {}
