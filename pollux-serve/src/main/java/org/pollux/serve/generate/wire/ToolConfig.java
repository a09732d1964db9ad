package org.pollux.serve.generate.wire;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** How tools may be used; {@code retrievalConfig} belongs to the built-in tools and is ignored. */
public record ToolConfig(FunctionCallingConfig functionCallingConfig, JsonNode retrievalConfig) {

    /** {@code mode}: MODE_UNSPECIFIED, AUTO, ANY, NONE, VALIDATED (by name or proto number). */
    public record FunctionCallingConfig(String mode, List<String> allowedFunctionNames) {}
}
