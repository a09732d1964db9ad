package org.pollux.serve.generate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.pollux.generate.CancellationToken;
import org.pollux.generate.TokenStreamListener;
import org.pollux.serve.api.ApiException;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.generate.prompt.Invalid;
import org.pollux.serve.generate.wire.Candidate;
import org.pollux.serve.generate.wire.GenerateContentRequest;
import org.pollux.serve.http.ApiCall;
import org.pollux.serve.http.ApiDispatcher;
import org.pollux.serve.http.ApiExchange;
import org.pollux.serve.http.Router;
import org.pollux.serve.models.ModelRegistry;
import org.pollux.serve.models.ServedModel;
import org.pollux.serve.ops.Metrics;

/**
 * {@code models/*:generateContent} and {@code models/*:streamGenerateContent} (SSE with
 * {@code alt=sse}, otherwise a streamed JSON array). Candidates run one after another, candidate
 * {@code i} with seed {@code seed + i}.
 */
public final class GenerateRoutes {
    private final ModelRegistry models;
    private final GenerationPlanner planner;
    private final Metrics metrics;
    private final long maxBody;
    private final boolean strict;

    public GenerateRoutes(ModelRegistry models, GenerationPlanner planner, Metrics metrics, long maxBody,
            boolean strict) {
        this.models = models;
        this.planner = planner;
        this.metrics = metrics;
        this.maxBody = maxBody;
        this.strict = strict;
    }

    public void register(Router router) {
        router.api("POST", "/models/{model}:generateContent", this::generate);
        router.api("POST", "/models/{model}:streamGenerateContent", this::stream);
    }

    private void generate(ApiCall call) throws IOException {
        ServedModel m = models.resolve(call.param("model"), call.version(), "generateContent");
        GenerationPlan plan = planner.plan(m, read(call.exchange()));
        CancellationToken cancel = Deadlines.tokenFor(call.exchange());
        String responseId = ResponseBuilder.newResponseId();
        List<Candidate> candidates = new ArrayList<>();
        int generated = 0;
        int reused = Integer.MAX_VALUE;
        for (int i = 0; i < plan.sampling().candidates(); i++) {
            CandidateRunner.Outcome o = CandidateRunner.run(plan, i, cancel, TokenStreamListener.NONE, metrics);
            ApiException expired = Deadlines.expired(o);
            if (expired != null) {
                throw expired;
            }
            candidates.add(ResponseBuilder.finished(plan, i, o, o.result().text()));
            generated += o.result().generatedTokens();
            reused = Math.min(reused, o.reused());
        }
        ApiDispatcher.writeJson(call.exchange(), 200, ResponseBuilder.response(candidates,
                ResponseBuilder.usage(plan.prompt(), reused, generated), m.id(), responseId));
    }

    private void stream(ApiCall call) throws IOException {
        ApiExchange ex = call.exchange();
        String alt = ex.query("alt");
        boolean sse = "sse".equals(alt);
        if (!sse && alt != null && !alt.equals("json")) {
            throw ApiException.invalid("Unsupported alt=" + alt + " for streamGenerateContent (use alt=sse, alt=json or "
                    + "no alt).");
        }
        if (sse) {
            streamTo(call, new SseWriter(ex));
            return;
        }
        try {
            streamTo(call, new JsonArrayWriter(ex));
        } catch (RuntimeException e) {
            // In the array framing even a refusal comes wrapped in an array (API.md §1.3).
            if (ex.committed()) {
                throw e;
            }
            ApiException api = StreamSession.asApiError(e);
            ApiDispatcher.writeJson(ex, api.status().http(), List.of(api.body()));
        }
    }

    private void streamTo(ApiCall call, StreamWriter writer) throws IOException {
        ServedModel m = models.resolve(call.param("model"), call.version(), "streamGenerateContent");
        GenerationPlan plan = planner.plan(m, read(call.exchange()));
        if (plan.sampling().candidates() > 1) {
            throw Invalid.at("GenerateContentRequest.generationConfig.candidateCount", "streamGenerateContent "
                    + "streams one candidate; use generateContent for candidateCount " + plan.sampling().candidates()
                    + ".");
        }
        CancellationToken cancel = Deadlines.tokenFor(call.exchange());
        StreamSession session = new StreamSession(plan, writer, cancel, ResponseBuilder.newResponseId());
        CandidateRunner.Outcome o;
        try {
            o = CandidateRunner.run(plan, 0, cancel, session, metrics);
        } catch (RuntimeException e) {
            if (!session.failed(e)) {
                throw e;
            }
            return;
        }
        ApiException expired = Deadlines.expired(o);
        if (expired != null) {
            if (!session.failed(expired)) {
                throw expired;
            }
            return;
        }
        session.complete(o);
    }

    private GenerateContentRequest read(ApiExchange ex) throws IOException {
        return ApiJson.read(ex.bodyBytes(maxBody), GenerateContentRequest.class, strict);
    }
}
