package org.pollux.serve.generate.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pollux.serve.api.ApiException;
import org.pollux.serve.api.ApiJson;

/**
 * The API's {@code Schema} (an OpenAPI 3.0 subset: upper-case {@code type}, {@code nullable},
 * int64 bounds as strings) as standard JSON Schema, which is what constrained decoding and the
 * prompt's function declarations use. {@code nullable: true} becomes a {@code "null"} type
 * alternative; {@code propertyOrdering} is kept (decoders may follow it). Fields outside the
 * subset are dropped, or refused in strict mode, with their path.
 */
public final class SchemaConverter {
    static final List<String> TYPES = List.of("TYPE_UNSPECIFIED", "STRING", "NUMBER", "INTEGER", "BOOLEAN", "ARRAY",
            "OBJECT", "NULL");
    private static final Set<String> COPIED = Set.of("format", "title", "description", "pattern", "example",
            "default", "required", "propertyOrdering", "minimum", "maximum");
    private static final Set<String> INTEGERS = Set.of("minItems", "maxItems", "minProperties", "maxProperties",
            "minLength", "maxLength");

    private SchemaConverter() {}

    /** Converts {@code schema} found at {@code path}. */
    public static ObjectNode toJsonSchema(JsonNode schema, String path, boolean strict) {
        if (schema == null || !schema.isObject()) {
            throw Invalid.at(path, "a Schema must be a JSON object.");
        }
        ObjectNode out = ApiJson.MAPPER.createObjectNode();
        String type = null;
        boolean nullable = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            String at = path + "." + key;
            switch (key) {
                case "type" -> type = ProtoEnums.parse(at, v.asText(), TYPES);
                case "nullable" -> nullable = v.asBoolean();
                case "enum" -> out.set("enum", checkedEnum(v, at));
                case "items" -> out.set("items", toJsonSchema(v, at, strict));
                case "properties" -> out.set("properties", properties(v, at, strict));
                case "anyOf" -> out.set("anyOf", anyOf(v, at, strict));
                case "additionalProperties" -> out.set(key, v.isObject() ? toJsonSchema(v, at, strict) : v);
                default -> {
                    if (INTEGERS.contains(key)) {
                        long n = integer(v, at);
                        // Plain numbers, as a JSON Schema document writes them.
                        if (n == (int) n) {
                            out.put(key, (int) n);
                        } else {
                            out.put(key, n);
                        }
                    } else if (COPIED.contains(key)) {
                        out.set(key, v);
                    } else if (strict) {
                        throw ApiException.invalid("Invalid JSON payload received. Unknown name \"" + key + "\" at '"
                                + path + "': Cannot find field.");
                    }
                }
            }
        }
        if (type != null && !type.equals("TYPE_UNSPECIFIED")) {
            String t = type.toLowerCase(Locale.ROOT);
            if (nullable && !t.equals("null")) {
                ArrayNode both = out.putArray("type");
                both.add(t).add("null");
            } else {
                out.put("type", t);
            }
        } else if (nullable) {
            ObjectNode inner = out.deepCopy();
            out.removeAll();
            out.putArray("anyOf").add(inner).addObject().put("type", "null");
        }
        return out;
    }

    private static ObjectNode properties(JsonNode v, String path, boolean strict) {
        if (!v.isObject()) {
            throw Invalid.at(path, "properties must be an object of Schemas.");
        }
        ObjectNode out = ApiJson.MAPPER.createObjectNode();
        v.fields().forEachRemaining(p -> out.set(p.getKey(),
                toJsonSchema(p.getValue(), path + "[" + p.getKey() + "].value", strict)));
        return out;
    }

    private static ArrayNode anyOf(JsonNode v, String path, boolean strict) {
        if (!v.isArray() || v.isEmpty()) {
            throw Invalid.at(path, "anyOf must be a non-empty list of Schemas.");
        }
        ArrayNode out = ApiJson.MAPPER.createArrayNode();
        for (int i = 0; i < v.size(); i++) {
            out.add(toJsonSchema(v.get(i), path + "[" + i + "]", strict));
        }
        return out;
    }

    private static JsonNode checkedEnum(JsonNode v, String path) {
        if (!v.isArray() || v.isEmpty()) {
            throw Invalid.at(path, "enum must be a non-empty list of values.");
        }
        return v;
    }

    /** int64 fields arrive as numbers or strings. */
    private static long integer(JsonNode v, String path) {
        if (v.canConvertToLong() && v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isTextual()) {
            try {
                return Long.parseLong(v.asText().strip());
            } catch (NumberFormatException e) {
                // falls through
            }
        }
        throw Invalid.at(path, "Invalid value " + v + "; expected an integer.");
    }
}
