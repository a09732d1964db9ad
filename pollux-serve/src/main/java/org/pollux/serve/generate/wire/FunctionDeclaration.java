package org.pollux.serve.generate.wire;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A function the model may call. {@code parameters} is the API's OpenAPI-subset Schema,
 * {@code parametersJsonSchema} standard JSON Schema (at most one of them); the response schemas
 * are accepted and not used.
 */
public record FunctionDeclaration(
        String name,
        String description,
        JsonNode parameters,
        JsonNode parametersJsonSchema,
        JsonNode response,
        JsonNode responseJsonSchema,
        String behavior) {}
