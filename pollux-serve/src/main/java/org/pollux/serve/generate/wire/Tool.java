package org.pollux.serve.generate.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tool the model may use. Only {@code functionDeclarations} is served here; the built-in tools
 * are bound so that a request naming them gets a precise refusal rather than silence.
 */
public record Tool(
        List<FunctionDeclaration> functionDeclarations,
        JsonNode codeExecution,
        JsonNode googleSearch,
        JsonNode googleSearchRetrieval,
        JsonNode urlContext,
        JsonNode fileSearch,
        JsonNode googleMaps,
        JsonNode computerUse,
        JsonNode enterpriseWebSearch,
        JsonNode retrieval) {

    /** The built-in (non-function) tools this Tool sets, by wire name. */
    public Map<String, JsonNode> builtIns() {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        put(m, "codeExecution", codeExecution);
        put(m, "googleSearch", googleSearch);
        put(m, "googleSearchRetrieval", googleSearchRetrieval);
        put(m, "urlContext", urlContext);
        put(m, "fileSearch", fileSearch);
        put(m, "googleMaps", googleMaps);
        put(m, "computerUse", computerUse);
        put(m, "enterpriseWebSearch", enterpriseWebSearch);
        put(m, "retrieval", retrieval);
        return m;
    }

    private static void put(Map<String, JsonNode> m, String name, JsonNode v) {
        if (v != null && !v.isNull()) {
            m.put(name, v);
        }
    }
}
