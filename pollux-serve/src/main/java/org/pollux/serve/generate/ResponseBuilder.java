package org.pollux.serve.generate;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.pollux.generate.FinishReason;
import org.pollux.generate.Sampler;
import org.pollux.serve.generate.wire.Candidate;
import org.pollux.serve.generate.wire.Content;
import org.pollux.serve.generate.wire.GenerateContentResponse;
import org.pollux.serve.generate.wire.LogprobsResult;
import org.pollux.serve.generate.wire.Part;
import org.pollux.serve.generate.wire.UsageMetadata;
import org.pollux.tokenizer.Tokenizer;

/**
 * Builds the API's response objects from finished runs: candidates (parts, finish reason,
 * log-probabilities), usage, response id. A candidate always has content (an empty text part
 * when nothing was generated) and always a finish reason once finished.
 */
final class ResponseBuilder {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ResponseBuilder() {}

    /** A random URL-safe id shared by every chunk of one response. */
    static String newResponseId() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * The finished candidate {@code index}: {@code text} is what is still to be reported (all of
     * the answer, or in a stream the part held back).
     */
    static Candidate finished(GenerationPlan plan, int index, CandidateRunner.Outcome o, String text) {
        FunctionCallParser.Parsed parsed = OutputReader.read(plan, text);
        String reason = parsed.malformed() != null ? "MALFORMED_FUNCTION_CALL" : finishReason(o.result().finishReason());
        String message = parsed.malformed() != null ? "Malformed function call: " + parsed.malformed() + "." : null;
        LogprobsResult logprobs = plan.sampling().logprobs()
                ? logprobs(plan.model().tokenizer(), o.choices(), plan.sampling().topLogprobs()) : null;
        return new Candidate(Content.model(nonEmpty(parsed.parts())), reason, message, index, o.avgLogprob(), logprobs);
    }

    /** A streamed chunk's candidate: a text delta, no finish reason yet. */
    static Candidate delta(String text) {
        return new Candidate(Content.model(List.of(Part.ofText(text))), null, null, 0, null, null);
    }

    static GenerateContentResponse response(List<Candidate> candidates, UsageMetadata usage, String modelVersion,
            String responseId) {
        return new GenerateContentResponse(candidates, null, usage, modelVersion, responseId);
    }

    /** Usage of a plan's prompt with {@code generated} candidate tokens; {@code reused} ids came from a cache. */
    static UsageMetadata usage(PromptPlan p, int reused, int generated) {
        return UsageMetadata.of(p.prompt().length(), p.cache() == null ? null : reused, generated);
    }

    static String finishReason(FinishReason r) {
        return switch (r) {
            case STOP -> "STOP";
            case MAX_TOKENS, CONTEXT_FULL -> "MAX_TOKENS";
            case CANCELLED, DEADLINE -> "OTHER";
        };
    }

    static LogprobsResult logprobs(Tokenizer tok, List<Sampler.Choice> choices, int top) {
        List<LogprobsResult.TokenLogprob> chosen = new ArrayList<>(choices.size());
        List<LogprobsResult.TopCandidates> tops = top > 0 ? new ArrayList<>(choices.size()) : null;
        double sum = 0;
        for (Sampler.Choice c : choices) {
            chosen.add(new LogprobsResult.TokenLogprob(text(tok, c.token()), c.token(), c.logprob()));
            sum += c.logprob();
            if (tops != null) {
                List<LogprobsResult.TokenLogprob> alts = new ArrayList<>(c.topTokens().length);
                for (int i = 0; i < c.topTokens().length; i++) {
                    alts.add(new LogprobsResult.TokenLogprob(text(tok, c.topTokens()[i]), c.topTokens()[i],
                            c.topLogprobs()[i]));
                }
                tops.add(new LogprobsResult.TopCandidates(alts));
            }
        }
        return new LogprobsResult(sum, tops, chosen);
    }

    /** A token's own text (a byte token that is part of a longer character shows as U+FFFD). */
    private static String text(Tokenizer tok, int id) {
        return new String(tok.tokenBytes(id), StandardCharsets.UTF_8);
    }

    private static List<Part> nonEmpty(List<Part> parts) {
        return parts.isEmpty() ? List.of(Part.ofText("")) : parts;
    }
}
