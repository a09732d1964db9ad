package org.pollux.generate.constrain;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A schema compiled for constrained decoding: from Gemini's {@code responseSchema} /
 * {@code parameters} (OpenAPI subset) with {@link #fromGemini}, or from standard JSON Schema
 * ({@code responseJsonSchema} / {@code parametersJsonSchema}) with {@link #fromJsonSchema}.
 * Immutable and thread-safe: compile once per request, then start a {@link JsonRecognizer} or a
 * {@link JsonConstraint} from it.
 */
public final class JsonSchema {
    private final SchemaNode root;

    JsonSchema(SchemaNode root) {
        this.root = root;
    }

    /**
     * Compiles Gemini's {@code Schema}.
     *
     * @param path how error messages name the schema, e.g. {@code "generationConfig.responseSchema"}
     * @throws InvalidSchemaException with the JSON path of the problem
     */
    public static JsonSchema fromGemini(JsonNode schema, String path) {
        return SchemaCompiler.compile(schema, path, SchemaCompiler.Dialect.GEMINI);
    }

    /**
     * Compiles a standard JSON Schema document (references resolve inside it).
     *
     * @param path how error messages name the schema, e.g. {@code "generationConfig.responseJsonSchema"}
     * @throws InvalidSchemaException with the JSON path of the problem
     */
    public static JsonSchema fromJsonSchema(JsonNode schema, String path) {
        return SchemaCompiler.compile(schema, path, SchemaCompiler.Dialect.JSON_SCHEMA);
    }

    /** The shortest JSON text this schema accepts (what a generation cut off at once would produce). */
    public String shortestInstance() {
        return root.resolved().minimal;
    }

    /** A recognizer at the start of a document. */
    public JsonRecognizer recognizer() {
        return JsonRecognizer.start(root);
    }

    SchemaNode root() {
        return root;
    }
}
