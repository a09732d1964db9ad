package org.pollux.generate.constrain;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An independent check of a value against the JSON Schema subset that {@link RandomSchemas}
 * produces, written straight from the keyword definitions (no shared code with the compiler).
 */
final class SchemaValidator {
    private SchemaValidator() {}

    /** Null when valid, else what is wrong and where. */
    static String check(JsonNode schema, JsonNode v, String at) {
        if (schema.has("anyOf")) {
            for (JsonNode option : schema.get("anyOf")) {
                if (check(option, v, at) == null) {
                    return null;
                }
            }
            return at + ": matches no anyOf option";
        }
        if (schema.has("const") && !schema.get("const").equals(v)) {
            return at + ": not the const";
        }
        if (schema.has("enum")) {
            for (JsonNode e : schema.get("enum")) {
                if (e.equals(v)) {
                    return null;
                }
            }
            return at + ": not in enum";
        }
        if (!schema.has("type")) {
            return null;
        }
        String type = schema.get("type").asText();
        switch (type) {
            case "string" -> {
                if (!v.isTextual()) {
                    return at + ": not a string";
                }
                long n = v.asText().codePoints().count();
                if (n < schema.path("minLength").asLong(0) || n > schema.path("maxLength").asLong(Long.MAX_VALUE)) {
                    return at + ": length " + n;
                }
                if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(v.asText()).find()) {
                    return at + ": does not match " + schema.get("pattern");
                }
            }
            case "integer", "number" -> {
                if (!v.isNumber() || type.equals("integer") && !v.isIntegralNumber()) {
                    return at + ": not a " + type;
                }
                BigDecimal d = v.decimalValue();
                if (schema.has("minimum") && d.compareTo(schema.get("minimum").decimalValue()) < 0
                        || schema.has("maximum") && d.compareTo(schema.get("maximum").decimalValue()) > 0
                        || schema.has("exclusiveMinimum") && d.compareTo(schema.get("exclusiveMinimum").decimalValue()) <= 0
                        || schema.has("exclusiveMaximum") && d.compareTo(schema.get("exclusiveMaximum").decimalValue()) >= 0) {
                    return at + ": " + d + " out of bounds";
                }
            }
            case "boolean" -> {
                if (!v.isBoolean()) {
                    return at + ": not a boolean";
                }
            }
            case "null" -> {
                if (!v.isNull()) {
                    return at + ": not null";
                }
            }
            case "array" -> {
                if (!v.isArray()) {
                    return at + ": not an array";
                }
                if (v.size() < schema.path("minItems").asInt(0) || v.size() > schema.path("maxItems").asInt(Integer.MAX_VALUE)) {
                    return at + ": " + v.size() + " items";
                }
                for (int i = 0; i < v.size(); i++) {
                    String e = check(schema.get("items"), v.get(i), at + "[" + i + "]");
                    if (e != null) {
                        return e;
                    }
                }
            }
            default -> {
                if (!v.isObject()) {
                    return at + ": not an object";
                }
                for (JsonNode r : schema.path("required")) {
                    if (!v.has(r.asText())) {
                        return at + ": misses " + r;
                    }
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    JsonNode s = schema.path("properties").get(f.getKey());
                    if (s == null) {
                        JsonNode extra = schema.path("additionalProperties");
                        if (extra.isBoolean() && !extra.booleanValue()) {
                            return at + ": unexpected key " + f.getKey();
                        }
                        s = extra.isObject() ? extra : null;
                    }
                    String e = s == null ? null : check(s, f.getValue(), at + "." + f.getKey());
                    if (e != null) {
                        return e;
                    }
                }
            }
        }
        return null;
    }
}
