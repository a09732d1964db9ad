package org.pollux.serve.generate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.generate.prompt.ContentReader;
import org.pollux.serve.generate.prompt.FileResolver;
import org.pollux.serve.generate.prompt.Invalid;
import org.pollux.serve.generate.prompt.ProtoEnums;
import org.pollux.serve.generate.wire.BatchEmbedContentsRequest;
import org.pollux.serve.generate.wire.EmbedContentRequest;
import org.pollux.serve.generate.wire.EmbeddingResponses;
import org.pollux.serve.http.ApiCall;
import org.pollux.serve.http.ApiDispatcher;
import org.pollux.serve.http.Router;
import org.pollux.serve.models.ModelRegistry;
import org.pollux.serve.models.ServedModel;

/**
 * {@code models/*:embedContent} and {@code models/*:batchEmbedContents} ({@link Embedder}).
 * The content's text parts (and text files) are joined as in a prompt; a {@code title} is put in
 * front of it followed by a blank line. {@code taskType} is checked and has no effect: the served
 * models have no task-specific heads.
 */
public final class EmbeddingRoutes {
    static final List<String> TASK_TYPES = List.of("TASK_TYPE_UNSPECIFIED", "RETRIEVAL_QUERY", "RETRIEVAL_DOCUMENT",
            "SEMANTIC_SIMILARITY", "CLASSIFICATION", "CLUSTERING", "QUESTION_ANSWERING", "FACT_VERIFICATION",
            "CODE_RETRIEVAL_QUERY");
    static final int MAX_BATCH = 100;

    private final ModelRegistry models;
    private final FileResolver files;
    private final long maxBody;
    private final boolean strict;

    public EmbeddingRoutes(ModelRegistry models, FileResolver files, long maxBody, boolean strict) {
        this.models = models;
        this.files = files;
        this.maxBody = maxBody;
        this.strict = strict;
    }

    public void register(Router router) {
        router.api("POST", "/models/{model}:embedContent", this::single);
        router.api("POST", "/models/{model}:batchEmbedContents", this::batch);
    }

    private void single(ApiCall call) throws IOException {
        ServedModel m = models.resolve(call.param("model"), call.version(), "embedContent");
        EmbedContentRequest req = ApiJson.read(call.exchange().bodyBytes(maxBody), EmbedContentRequest.class, strict);
        float[] v = embed(m, req, "EmbedContentRequest");
        ApiDispatcher.writeJson(call.exchange(), 200,
                new EmbeddingResponses.Single(new EmbeddingResponses.ContentEmbedding(v)));
    }

    private void batch(ApiCall call) throws IOException {
        ServedModel m = models.resolve(call.param("model"), call.version(), "batchEmbedContents");
        BatchEmbedContentsRequest req = ApiJson.read(call.exchange().bodyBytes(maxBody),
                BatchEmbedContentsRequest.class, strict);
        List<EmbedContentRequest> requests = req.requests() == null ? List.of() : req.requests();
        if (requests.isEmpty() || requests.size() > MAX_BATCH) {
            throw Invalid.at("BatchEmbedContentsRequest.requests", "between 1 and " + MAX_BATCH
                    + " requests are allowed, got " + requests.size() + ".");
        }
        List<EmbeddingResponses.ContentEmbedding> out = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            out.add(new EmbeddingResponses.ContentEmbedding(embed(m, requests.get(i),
                    "BatchEmbedContentsRequest.requests[" + i + "]")));
        }
        ApiDispatcher.writeJson(call.exchange(), 200, new EmbeddingResponses.Batch(out));
    }

    private float[] embed(ServedModel m, EmbedContentRequest req, String path) {
        if (req == null) {
            throw Invalid.at(path, "a request must not be null.");
        }
        GenerationPlanner.checkModel(m, req.model(), path + ".model");
        ProtoEnums.parse(path + ".taskType", req.taskType(), TASK_TYPES);
        if (req.content() == null) {
            throw Invalid.at(path + ".content", "content is required.");
        }
        String text = new ContentReader(files, m.resourceName()).system(req.content(), path + ".content");
        if (req.title() != null && !req.title().isBlank()) {
            text = req.title().strip() + "\n\n" + text;
        }
        return Embedder.embed(m, text, req.outputDimensionality(), path);
    }
}
