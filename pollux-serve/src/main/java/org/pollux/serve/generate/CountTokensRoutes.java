package org.pollux.serve.generate;

import java.io.IOException;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.generate.prompt.Invalid;
import org.pollux.serve.generate.wire.CountTokensRequest;
import org.pollux.serve.generate.wire.CountTokensResponse;
import org.pollux.serve.generate.wire.GenerateContentRequest;
import org.pollux.serve.generate.wire.UsageMetadata.ModalityTokenCount;
import org.pollux.serve.http.ApiCall;
import org.pollux.serve.http.ApiDispatcher;
import org.pollux.serve.http.Router;
import org.pollux.serve.models.ModelRegistry;
import org.pollux.serve.models.ServedModel;

/**
 * {@code models/*:countTokens}, for {@code {"contents":[…]}} or {@code {"generateContentRequest":{…}}}.
 * The prompt is rendered exactly as generateContent renders it (same planner), so
 * {@code totalTokens} equals that request's {@code usageMetadata.promptTokenCount}.
 */
public final class CountTokensRoutes {
    private final ModelRegistry models;
    private final GenerationPlanner planner;
    private final long maxBody;
    private final boolean strict;

    public CountTokensRoutes(ModelRegistry models, GenerationPlanner planner, long maxBody, boolean strict) {
        this.models = models;
        this.planner = planner;
        this.maxBody = maxBody;
        this.strict = strict;
    }

    public void register(Router router) {
        router.api("POST", "/models/{model}:countTokens", this::count);
    }

    private void count(ApiCall call) throws IOException {
        ServedModel m = models.resolve(call.param("model"), call.version(), "countTokens");
        CountTokensRequest req = ApiJson.read(call.exchange().bodyBytes(maxBody), CountTokensRequest.class, strict);
        boolean hasContents = req.contents() != null && !req.contents().isEmpty();
        if (hasContents && req.generateContentRequest() != null) {
            throw Invalid.at("CountTokensRequest", "set contents or generateContentRequest, not both.");
        }
        if (!hasContents && req.generateContentRequest() == null) {
            throw Invalid.at("CountTokensRequest", "either contents or generateContentRequest must be set.");
        }
        GenerateContentRequest gcr = hasContents
                ? new GenerateContentRequest(null, req.contents(), null, null, null, null, null, null)
                : req.generateContentRequest();
        PromptPlan p = planner.prompt(m, gcr);
        Integer cached = p.cache() == null ? null : p.reusable();
        ApiDispatcher.writeJson(call.exchange(), 200, new CountTokensResponse(p.prompt().length(), cached,
                ModalityTokenCount.text(p.prompt().length()), cached == null ? null : ModalityTokenCount.text(cached)));
    }
}
