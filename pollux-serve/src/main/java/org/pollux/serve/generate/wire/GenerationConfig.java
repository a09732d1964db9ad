package org.pollux.serve.generate.wire;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Sampling, output format and logprob settings (API.md §2.1). Ints may arrive as floats (the Java
 * SDK sends {@code "topK":20.0}) or strings; {@code seed} is int32 in the proto but a long here
 * so that out-of-range values get a message instead of a binding error.
 */
public record GenerationConfig(
        Integer candidateCount,
        List<String> stopSequences,
        Integer maxOutputTokens,
        Double temperature,
        Double topP,
        Integer topK,
        Long seed,
        Double presencePenalty,
        Double frequencyPenalty,
        String responseMimeType,
        JsonNode responseSchema,
        JsonNode responseJsonSchema,
        @JsonProperty("_responseJsonSchema") JsonNode legacyResponseJsonSchema,
        Boolean responseLogprobs,
        Integer logprobs,
        Boolean enableEnhancedCivicAnswers,
        List<String> responseModalities,
        JsonNode speechConfig,
        JsonNode imageConfig,
        String mediaResolution,
        ThinkingConfig thinkingConfig) {

    /** An empty config: every value at its default. */
    public static GenerationConfig empty() {
        return new GenerationConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    /** {@code responseJsonSchema}, or its older wire name {@code _responseJsonSchema}. */
    public JsonNode jsonSchema() {
        return responseJsonSchema != null ? responseJsonSchema : legacyResponseJsonSchema;
    }
}
