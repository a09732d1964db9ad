package org.pollux.serve.generate.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The result of a {@link FunctionCall}, sent back by the client; {@code response} is a JSON object.
 * {@code parts}, {@code willContinue} and {@code scheduling} belong to the Live API and are
 * accepted but not used.
 */
public record FunctionResponse(String id, String name, JsonNode response, List<JsonNode> parts, Boolean willContinue,
        String scheduling) {}
