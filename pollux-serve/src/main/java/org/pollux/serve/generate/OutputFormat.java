package org.pollux.serve.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.pollux.serve.api.ApiJson;
import org.pollux.serve.generate.prompt.Invalid;
import org.pollux.serve.generate.prompt.SchemaConverter;
import org.pollux.serve.generate.wire.GenerationConfig;

/**
 * What the answer must look like ({@code responseMimeType} with its schema): free text, one JSON
 * value matching a JSON Schema, or one of an enum's values written bare ({@code text/x.enum}).
 *
 * @param schema the JSON Schema the constraint enforces (JSON: the converted {@code responseSchema},
 *     {@code responseJsonSchema} as given, or {@code {}} for any value; ENUM: a string enum); null for TEXT
 */
public record OutputFormat(Kind kind, JsonNode schema) {

    /** Output kinds. */
    public enum Kind { TEXT, JSON, ENUM }

    static final OutputFormat TEXT = new OutputFormat(Kind.TEXT, null);
    private static final String PATH = "GenerateContentRequest.generationConfig";

    /** Reads and checks the output-format fields of {@code gc}. */
    static OutputFormat read(GenerationConfig gc, boolean strict) {
        String mime = gc.responseMimeType() == null ? "" : gc.responseMimeType().strip().toLowerCase(Locale.ROOT);
        JsonNode openApi = gc.responseSchema();
        JsonNode json = gc.jsonSchema();
        if (openApi != null && json != null) {
            throw Invalid.at(PATH, "set responseSchema or responseJsonSchema, not both.");
        }
        switch (mime) {
            case "", "text/plain" -> {
                if (openApi != null || json != null) {
                    throw Invalid.at(PATH + ".responseMimeType", "a response schema needs responseMimeType "
                            + "application/json or text/x.enum, not " + (mime.isEmpty() ? "text/plain (the default)" : mime)
                            + ".");
                }
                return TEXT;
            }
            case "application/json" -> {
                JsonNode schema = openApi != null ? SchemaConverter.toJsonSchema(openApi, PATH + ".responseSchema", strict)
                        : json != null ? checkedJsonSchema(json) : ApiJson.MAPPER.createObjectNode();
                return new OutputFormat(Kind.JSON, schema);
            }
            case "text/x.enum" -> {
                JsonNode schema = openApi != null ? SchemaConverter.toJsonSchema(openApi, PATH + ".responseSchema", strict)
                        : json;
                return new OutputFormat(Kind.ENUM, enumSchema(schema));
            }
            default -> throw Invalid.at(PATH + ".responseMimeType", "Unsupported MIME type: " + gc.responseMimeType()
                    + ". Allowed mimetypes are text/plain, application/json and text/x.enum.");
        }
    }

    private static JsonNode checkedJsonSchema(JsonNode json) {
        if (!json.isObject() && !json.isBoolean()) {
            throw Invalid.at(PATH + ".responseJsonSchema", "must be a JSON Schema (an object or a boolean).");
        }
        return json;
    }

    /** text/x.enum needs string enum values; the constraint is a JSON string among them. */
    private static JsonNode enumSchema(JsonNode schema) {
        JsonNode values = schema == null ? null : schema.get("enum");
        if (values == null || !values.isArray() || values.isEmpty()) {
            throw Invalid.at(PATH + ".responseSchema", "text/x.enum needs a schema of type STRING with enum values.");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode v : values) {
            if (!v.isTextual()) {
                throw Invalid.at(PATH + ".responseSchema.enum", "text/x.enum values must be strings, got " + v + ".");
            }
            names.add(v.asText());
        }
        ObjectNode out = ApiJson.MAPPER.createObjectNode();
        out.put("type", "string");
        names.forEach(out.putArray("enum")::add);
        return out;
    }
}
