package org.pollux.serve.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pollux.generate.CancellationToken;
import org.pollux.generate.GenerationRequest;
import org.pollux.generate.GenerationResult;
import org.pollux.generate.Sampler;
import org.pollux.generate.SamplingParams;
import org.pollux.generate.TokenStreamListener;
import org.pollux.model.KvCache;
import org.pollux.serve.models.ServedModel;
import org.pollux.serve.ops.Metrics;

/**
 * Runs one candidate of a plan through the model's {@link org.pollux.generate.GenerationService}.
 * With a cached content, the run continues a copy of the cache's KV state (its prefill is
 * skipped); the cache itself is never touched.
 */
final class CandidateRunner {
    /**
     * One candidate's run.
     *
     * @param choices every generated token with its log-probability and alternatives
     * @param reused prompt ids that came from the cached content (0: the whole prompt was run)
     */
    record Outcome(GenerationResult result, List<Sampler.Choice> choices, int reused) {
        Double avgLogprob() {
            return choices.isEmpty() ? null
                    : choices.stream().mapToDouble(Sampler.Choice::logprob).average().orElseThrow();
        }
    }

    private CandidateRunner() {}

    /**
     * Runs candidate {@code index}; {@code downstream} hears every token and text piece as they
     * come. A generation that ran (also one cancelled or failed after its first token) is recorded
     * in {@code metrics}.
     */
    static Outcome run(GenerationPlan plan, int index, CancellationToken cancel, TokenStreamListener downstream,
            Metrics metrics) {
        long arrival = System.nanoTime();
        ServedModel m = plan.model();
        int[] tokens = plan.prompt().prompt().tokens();
        int context = m.model().contextLength();
        SamplingParams params = plan.sampling().forCandidate(index, tokens.length, context);
        KvCache kv = null;
        int reused = 0;
        if (plan.prompt().reusable() > 0) {
            kv = continuedCache(plan.prompt(), (int) Math.min(context, (long) tokens.length + params.maxTokens()));
            reused = kv == null ? 0 : kv.position();
        }
        GenerationRequest req = new GenerationRequest(Arrays.copyOfRange(tokens, reused, tokens.length), params, kv,
                m.template().stopTokenIds(m.tokenizer()), cancel, GenerationRequest.DEFAULT_PREFILL_CHUNK,
                plan.sampling().topLogprobs(), plan.constraints().get(index));
        List<Sampler.Choice> choices = new ArrayList<>();
        long[] firstToken = {-1};
        GenerationResult result = null;
        try {
            result = m.service().generate(req, new TokenStreamListener() {
                @Override
                public void onToken(Sampler.Choice choice) {
                    if (choices.isEmpty()) {
                        firstToken[0] = System.nanoTime() - arrival;
                    }
                    choices.add(choice);
                    downstream.onToken(choice);
                }

                @Override
                public void onText(String text) {
                    downstream.onText(text);
                }
            });
            return new Outcome(result, choices, reused);
        } finally {
            if (result != null || !choices.isEmpty()) {
                metrics.generation(m.id(), tokens.length, choices.size(), firstToken[0], System.nanoTime() - arrival);
            }
        }
    }

    /**
     * A copy of the cache holding exactly the reusable ids, or null when the copy cannot be cut back
     * that far (a sliding-window ring no longer holds what the shorter prefix needs): then the
     * whole prompt is run.
     */
    private static KvCache continuedCache(PromptPlan p, int capacity) {
        KvCache copy = p.cache().kv().copy(capacity);
        if (copy.position() > p.reusable()) {
            try {
                copy.truncate(p.reusable());
            } catch (IllegalArgumentException | IllegalStateException e) {
                return null;
            }
        }
        return copy;
    }
}
