package org.pollux.generate.constrain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a schema document into {@link SchemaNode}s, in one of two dialects:
 * <ul>
 *   <li>{@link Dialect#GEMINI}: Gemini's {@code Schema} (an OpenAPI subset: {@code type} in any case,
 *       {@code nullable}, string {@code enum}, {@code propertyOrdering}, int64 fields that may be
 *       JSON strings);</li>
 *   <li>{@link Dialect#JSON_SCHEMA}: standard JSON Schema (lower-case types and type arrays,
 *       {@code const}, {@code $ref} to {@code $defs}/{@code definitions} in the same document,
 *       recursion included, {@code oneOf}, {@code additionalProperties}, {@code prefixItems}).</li>
 * </ul>
 * What constrained decoding cannot honour (e.g. {@code not}, {@code allOf} of several schemas,
 * {@code uniqueItems}) is rejected with the path of the keyword rather than silently ignored;
 * annotations (title, description, examples, unknown keywords) are ignored.
 */
final class SchemaCompiler {

    enum Dialect { GEMINI, JSON_SCHEMA }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TYPES = List.of("string", "number", "integer", "boolean", "null", "object",
            "array");
    private static final List<String> UNSUPPORTED = List.of("not", "if", "then", "else", "patternProperties",
            "propertyNames", "dependentRequired", "dependentSchemas", "dependencies", "unevaluatedProperties",
            "unevaluatedItems", "contains", "multipleOf", "$dynamicRef", "$recursiveRef");
    private static final Map<String, String> FORMATS = Map.of(
            "date", "^" + Formats.DATE + "$",
            "time", "^" + Formats.TIME + "$",
            "date-time", "^" + Formats.DATE + "T" + Formats.TIME + "$",
            "uuid", "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    /** Regular expressions for the string formats we enforce. */
    private static final class Formats {
        static final String DATE = "\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])";
        static final String TIME = "([01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(\\.\\d{1,9})?(Z|[+-]([01]\\d|2[0-3]):[0-5]\\d)";
    }

    private final Dialect dialect;
    private final JsonNode document;
    private final String rootPath;
    private final List<SchemaNode> nodes = new ArrayList<>();
    private final Map<String, SchemaNode.RefNode> refs = new HashMap<>();
    private final ArrayDeque<String> pendingRefs = new ArrayDeque<>();
    private SchemaNode.AnyOf any;

    private SchemaCompiler(Dialect dialect, JsonNode document, String rootPath) {
        this.dialect = dialect;
        this.document = document;
        this.rootPath = rootPath;
    }

    /** Compiles {@code schema}; {@code path} names it in error messages (e.g. {@code responseSchema}). */
    static JsonSchema compile(JsonNode schema, String path, Dialect dialect) {
        if (schema == null || schema.isMissingNode() || schema.isNull()) {
            throw new InvalidSchemaException(path, "schema is missing");
        }
        SchemaCompiler c = new SchemaCompiler(dialect, schema, path);
        SchemaNode root = c.node(schema, path);
        c.resolveReferences();
        MinimalInstances.compute(c.nodes, root);
        return new JsonSchema(root);
    }

    private <T extends SchemaNode> T add(T n) {
        nodes.add(n);
        return n;
    }

    private SchemaNode node(JsonNode s, String path) {
        if (s.isBoolean() && dialect == Dialect.JSON_SCHEMA) {
            if (!s.booleanValue()) {
                throw new InvalidSchemaException(path, "schema false allows no value");
            }
            return any();
        }
        if (!s.isObject()) {
            throw new InvalidSchemaException(path, "a schema must be a JSON object, got " + kind(s));
        }
        for (String k : UNSUPPORTED) {
            if (s.has(k)) {
                throw new InvalidSchemaException(path + "." + k, "keyword \"" + k + "\" is not supported");
            }
        }
        if (s.path("uniqueItems").asBoolean(false)) {
            throw new InvalidSchemaException(path + ".uniqueItems", "uniqueItems: true is not supported");
        }
        if (dialect == Dialect.JSON_SCHEMA && s.has("$ref")) {
            return reference(s.get("$ref"), path + ".$ref");
        }
        SchemaNode n = withoutNullable(s, path);
        if (s.path("nullable").asBoolean(false)) {
            n = add(new SchemaNode.AnyOf(path, List.of(n, literal(path, List.of("null")))));
        }
        return n;
    }

    private SchemaNode withoutNullable(JsonNode s, String path) {
        if (s.has("allOf")) {
            JsonNode all = array(s, "allOf", path);
            if (all.size() != 1 || hasTypeKeywords(s)) {
                throw new InvalidSchemaException(path + ".allOf", "allOf is supported only with a single schema");
            }
            return node(all.get(0), path + ".allOf[0]");
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            if (s.has(combinator)) {
                if (combinator.equals("oneOf") && dialect == Dialect.GEMINI) {
                    break;
                }
                if (hasTypeKeywords(s)) {
                    throw new InvalidSchemaException(path, combinator
                            + " together with type keywords is not supported: move them into each alternative");
                }
                JsonNode options = array(s, combinator, path);
                if (options.isEmpty()) {
                    throw new InvalidSchemaException(path + "." + combinator, "needs at least one schema");
                }
                List<SchemaNode> alternatives = new ArrayList<>();
                for (int i = 0; i < options.size(); i++) {
                    alternatives.add(node(options.get(i), path + "." + combinator + "[" + i + "]"));
                }
                return add(new SchemaNode.AnyOf(path, alternatives));
            }
        }
        if (s.has("const")) {
            return literal(path, List.of(canonical(s.get("const"))));
        }
        List<String> types = types(s, path);
        if (s.has("enum")) {
            return enumeration(s, path, types);
        }
        if (types.isEmpty()) {
            return any();
        }
        List<SchemaNode> options = new ArrayList<>();
        for (String t : types) {
            options.add(typed(s, path, t));
        }
        return options.size() == 1 ? options.get(0) : add(new SchemaNode.AnyOf(path, options));
    }

    /** The declared types, or the one the keywords imply when none is declared (empty: any value). */
    private List<String> types(JsonNode s, String path) {
        JsonNode t = s.get("type");
        List<String> out = new ArrayList<>();
        if (t != null && t.isArray() && dialect == Dialect.JSON_SCHEMA) {
            for (int i = 0; i < t.size(); i++) {
                out.add(typeName(t.get(i), path + ".type[" + i + "]"));
            }
            if (out.isEmpty()) {
                throw new InvalidSchemaException(path + ".type", "empty type list");
            }
            return List.copyOf(new LinkedHashSet<>(out));
        }
        if (t != null && !(dialect == Dialect.GEMINI && t.isTextual() && t.asText().equalsIgnoreCase("TYPE_UNSPECIFIED"))) {
            return List.of(typeName(t, path + ".type"));
        }
        // No type: any value is valid, and generating the kind the keywords describe is one of them.
        if (s.has("properties") || s.has("required") || s.has("additionalProperties") || s.has("minProperties")
                || s.has("maxProperties") || s.has("propertyOrdering")) {
            return List.of("object");
        }
        if (s.has("items") || s.has("prefixItems") || s.has("minItems") || s.has("maxItems")) {
            return List.of("array");
        }
        if (s.has("minLength") || s.has("maxLength") || s.has("pattern")) {
            return List.of("string");
        }
        if (s.has("minimum") || s.has("maximum") || s.has("exclusiveMinimum") || s.has("exclusiveMaximum")) {
            return List.of("number");
        }
        return List.of();
    }

    private String typeName(JsonNode t, String path) {
        if (!t.isTextual()) {
            throw new InvalidSchemaException(path, "type must be a string, got " + kind(t));
        }
        String name = dialect == Dialect.GEMINI ? t.asText().toLowerCase(Locale.ROOT) : t.asText();
        if (!TYPES.contains(name)) {
            throw new InvalidSchemaException(path, "unknown type \"" + t.asText() + "\"");
        }
        return name;
    }

    private SchemaNode typed(JsonNode s, String path, String type) {
        return switch (type) {
            case "string" -> string(s, path);
            case "number", "integer" -> number(s, path, type.equals("integer"));
            case "boolean" -> literal(path, List.of("false", "true"));
            case "null" -> literal(path, List.of("null"));
            case "object" -> object(s, path);
            default -> array(s, path);
        };
    }

    private SchemaNode enumeration(JsonNode s, String path, List<String> types) {
        JsonNode values = array(s, "enum", path);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            JsonNode v = values.get(i);
            if (dialect == Dialect.GEMINI) {
                // Gemini enums are strings; numeric types take them as numbers.
                if (!v.isTextual()) {
                    throw new InvalidSchemaException(path + ".enum[" + i + "]", "enum values must be strings");
                }
                if (types.contains("number") || types.contains("integer")) {
                    try {
                        texts.add(new BigDecimal(v.asText()).toString());
                    } catch (NumberFormatException e) {
                        throw new InvalidSchemaException(path + ".enum[" + i + "]", "\"" + v.asText()
                                + "\" is not a number");
                    }
                } else {
                    texts.add(canonical(v));
                }
            } else if (types.isEmpty() || types.contains(jsonType(v))
                    || jsonType(v).equals("integer") && types.contains("number")) {
                texts.add(canonical(v));
            }
        }
        if (texts.isEmpty()) {
            throw new InvalidSchemaException(path + ".enum", "no enum value" + (values.isEmpty() ? "" : " of the declared type"));
        }
        return literal(path, texts);
    }

    private SchemaNode string(JsonNode s, String path) {
        int minLength = count(s, "minLength", path, 0);
        int maxLength = count(s, "maxLength", path, Integer.MAX_VALUE);
        if (minLength > maxLength) {
            throw new InvalidSchemaException(path, "minLength " + minLength + " is above maxLength " + maxLength);
        }
        String pattern = null;
        String where = path + ".pattern";
        if (s.has("pattern")) {
            if (!s.get("pattern").isTextual()) {
                throw new InvalidSchemaException(where, "pattern must be a string");
            }
            pattern = s.get("pattern").asText();
        } else if (s.path("format").isTextual() && FORMATS.containsKey(s.get("format").asText())) {
            pattern = FORMATS.get(s.get("format").asText());
            where = path + ".format";
        }
        CharDfa dfa = pattern == null ? null : CharDfa.compile(pattern, minLength, maxLength, where);
        return add(new SchemaNode.StringNode(path, minLength, maxLength, dfa));
    }

    private SchemaNode number(JsonNode s, String path, boolean integer) {
        BigDecimal min = decimal(s, "minimum", path);
        BigDecimal max = decimal(s, "maximum", path);
        boolean exclusiveMin = false;
        boolean exclusiveMax = false;
        JsonNode eMin = s.get("exclusiveMinimum");
        if (eMin != null && eMin.isBoolean()) {
            exclusiveMin = eMin.booleanValue() && min != null; // draft 4 style
        } else if (eMin != null) {
            BigDecimal e = decimal(s, "exclusiveMinimum", path);
            if (min == null || e.compareTo(min) >= 0) {
                min = e;
                exclusiveMin = true;
            }
        }
        JsonNode eMax = s.get("exclusiveMaximum");
        if (eMax != null && eMax.isBoolean()) {
            exclusiveMax = eMax.booleanValue() && max != null;
        } else if (eMax != null) {
            BigDecimal e = decimal(s, "exclusiveMaximum", path);
            if (max == null || e.compareTo(max) <= 0) {
                max = e;
                exclusiveMax = true;
            }
        }
        String format = s.path("format").asText("");
        if (format.equals("int32") || format.equals("int64")) {
            BigDecimal lo = BigDecimal.valueOf(format.equals("int32") ? Integer.MIN_VALUE : Long.MIN_VALUE);
            BigDecimal hi = BigDecimal.valueOf(format.equals("int32") ? Integer.MAX_VALUE : Long.MAX_VALUE);
            if (min == null || min.compareTo(lo) < 0) {
                min = lo;
                exclusiveMin = false;
            }
            if (max == null || max.compareTo(hi) > 0) {
                max = hi;
                exclusiveMax = false;
            }
        }
        if (min != null && max != null && (min.compareTo(max) > 0
                || min.compareTo(max) == 0 && (exclusiveMin || exclusiveMax))) {
            throw new InvalidSchemaException(path, "no number lies between minimum " + min.toPlainString()
                    + " and maximum " + max.toPlainString());
        }
        SchemaNode.NumberNode n = add(new SchemaNode.NumberNode(path, integer, min, exclusiveMin, max, exclusiveMax));
        if (NumberCompletion.shortestSuffix(NumberFrame.empty(n)) == null) {
            throw new InvalidSchemaException(path, "no " + (integer ? "integer" : "number") + " satisfies the bounds");
        }
        return n;
    }

    private SchemaNode object(JsonNode s, String path) {
        Map<String, JsonNode> declared = new LinkedHashMap<>();
        JsonNode props = s.get("properties");
        if (props != null) {
            if (!props.isObject()) {
                throw new InvalidSchemaException(path + ".properties", "must be an object, got " + kind(props));
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                declared.put(e.getKey(), e.getValue());
            }
        }
        Set<String> required = new LinkedHashSet<>();
        if (s.has("required")) {
            JsonNode r = array(s, "required", path);
            for (int i = 0; i < r.size(); i++) {
                if (!r.get(i).isTextual()) {
                    throw new InvalidSchemaException(path + ".required[" + i + "]", "must be a property name");
                }
                if (dialect == Dialect.GEMINI && !declared.containsKey(r.get(i).asText())) {
                    throw new InvalidSchemaException(path + ".required[" + i + "]", "\"" + r.get(i).asText()
                            + "\" is not in properties");
                }
                required.add(r.get(i).asText());
            }
        }
        List<String> order = new ArrayList<>();
        if (s.has("propertyOrdering")) {
            JsonNode o = array(s, "propertyOrdering", path);
            for (int i = 0; i < o.size(); i++) {
                String name = o.get(i).asText();
                if (!declared.containsKey(name) || order.contains(name)) {
                    throw new InvalidSchemaException(path + ".propertyOrdering[" + i + "]", "\"" + name + "\" is "
                            + (order.contains(name) ? "listed twice" : "not in properties"));
                }
                order.add(name);
            }
        }
        declared.keySet().stream().filter(k -> !order.contains(k)).forEach(order::add);
        // A required name without a declaration must be present with any value (JSON Schema).
        required.stream().filter(k -> !declared.containsKey(k)).forEach(order::add);
        List<SchemaNode.Property> properties = new ArrayList<>();
        for (String name : order) {
            String p = path + ".properties." + name;
            SchemaNode schema = declared.containsKey(name) ? node(declared.get(name), p) : any();
            properties.add(new SchemaNode.Property(name, literal(p, List.of(canonical(TextNode.valueOf(name)))), schema,
                    required.contains(name)));
        }
        SchemaNode extra = null;
        JsonNode ap = s.get("additionalProperties");
        if (ap != null && ap.isObject()) {
            // A schema for further keys: generate them. true/absent merely allows them; we need not.
            extra = node(ap, path + ".additionalProperties");
        } else if (ap != null && !ap.isBoolean()) {
            throw new InvalidSchemaException(path + ".additionalProperties", "must be a schema or a boolean");
        }
        int minProperties = count(s, "minProperties", path, 0);
        int maxProperties = count(s, "maxProperties", path, Integer.MAX_VALUE);
        if (required.size() > maxProperties || minProperties > maxProperties) {
            throw new InvalidSchemaException(path, "maxProperties " + maxProperties + " is below "
                    + (minProperties > maxProperties ? "minProperties " + minProperties
                            : "the " + required.size() + " required properties"));
        }
        if (extra == null && minProperties > properties.size()) {
            throw new InvalidSchemaException(path, "minProperties " + minProperties + " exceeds the "
                    + properties.size() + " properties allowed");
        }
        return add(new SchemaNode.ObjectNode(path, List.copyOf(properties), extra, minProperties, maxProperties));
    }

    private SchemaNode array(JsonNode s, String path) {
        List<SchemaNode> prefix = new ArrayList<>();
        JsonNode items = s.get("items");
        JsonNode prefixItems = s.get("prefixItems");
        if (items != null && items.isArray()) {
            // Draft 4–2019 tuple form: items is the prefix, additionalItems the rest.
            prefixItems = items;
            items = s.get("additionalItems");
        }
        if (prefixItems != null) {
            if (!prefixItems.isArray()) {
                throw new InvalidSchemaException(path + ".prefixItems", "must be an array of schemas");
            }
            for (int i = 0; i < prefixItems.size(); i++) {
                prefix.add(node(prefixItems.get(i), path + ".prefixItems[" + i + "]"));
            }
        }
        SchemaNode rest;
        if (items == null) {
            rest = any();
        } else if (items.isBoolean() && dialect == Dialect.JSON_SCHEMA) {
            rest = items.booleanValue() ? any() : null;
        } else {
            rest = node(items, path + ".items");
        }
        int minItems = count(s, "minItems", path, 0);
        int maxItems = count(s, "maxItems", path, Integer.MAX_VALUE);
        if (minItems > maxItems) {
            throw new InvalidSchemaException(path, "minItems " + minItems + " is above maxItems " + maxItems);
        }
        if (rest == null && minItems > prefix.size()) {
            throw new InvalidSchemaException(path, "minItems " + minItems + " exceeds the " + prefix.size()
                    + " items allowed");
        }
        return add(new SchemaNode.ArrayNode(path, List.copyOf(prefix), rest, minItems, maxItems));
    }

    /** Any JSON value (one shared, recursive node per document). */
    private SchemaNode any() {
        if (any == null) {
            String p = rootPath + "(any)";
            any = add(new SchemaNode.AnyOf(p, List.of()));
            any.anyValue = true;
            any.options = List.of(
                    add(new SchemaNode.ObjectNode(p, List.of(), any, 0, Integer.MAX_VALUE)),
                    add(new SchemaNode.ArrayNode(p, List.of(), any, 0, Integer.MAX_VALUE)),
                    add(new SchemaNode.StringNode(p, 0, Integer.MAX_VALUE, null)),
                    add(new SchemaNode.NumberNode(p, false, null, false, null, false)),
                    literal(p, List.of("true", "false", "null")));
        }
        return any;
    }

    private SchemaNode.LiteralNode literal(String path, List<String> texts) {
        return add(new SchemaNode.LiteralNode(path, texts));
    }

    private SchemaNode reference(JsonNode ref, String path) {
        if (!ref.isTextual() || !ref.asText().startsWith("#")) {
            throw new InvalidSchemaException(path, "only references inside the document (\"#/…\") are supported, got "
                    + ref);
        }
        String pointer = ref.asText().substring(1);
        return refs.computeIfAbsent(pointer, p -> {
            pendingRefs.add(p);
            return add(new SchemaNode.RefNode(path));
        });
    }

    private void resolveReferences() {
        Map<String, SchemaNode> compiled = new HashMap<>();
        while (!pendingRefs.isEmpty()) {
            String pointer = pendingRefs.pop();
            SchemaNode.RefNode ref = refs.get(pointer);
            JsonNode target;
            try {
                target = document.at(percentDecoded(pointer));
            } catch (IllegalArgumentException e) {
                throw new InvalidSchemaException(ref.path, "bad JSON pointer \"#" + pointer + "\"");
            }
            if (target.isMissingNode()) {
                throw new InvalidSchemaException(ref.path, "reference \"#" + pointer + "\" points to nothing");
            }
            ref.target = compiled.computeIfAbsent(pointer,
                    p -> node(target, rootPath + p.replace('/', '.').replace("~1", "/").replace("~0", "~")));
        }
        for (SchemaNode.RefNode r : refs.values()) {
            Set<SchemaNode> seen = new java.util.HashSet<>();
            SchemaNode n = r;
            while (n instanceof SchemaNode.RefNode rr) {
                if (!seen.add(rr)) {
                    throw new InvalidSchemaException(r.path, "reference cycle with no schema in between");
                }
                n = rr.target;
            }
        }
    }

    /** A URI fragment's %XX escapes decoded (JSON pointers in $ref are URI fragments). */
    private static String percentDecoded(String fragment) {
        if (fragment.indexOf('%') < 0) {
            return fragment;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] b = fragment.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '%') {
                if (i + 2 >= b.length) {
                    throw new IllegalArgumentException("truncated %-escape");
                }
                out.write(Integer.parseInt(new String(b, i + 1, 2, java.nio.charset.StandardCharsets.US_ASCII), 16));
                i += 2;
            } else {
                out.write(b[i]);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean hasTypeKeywords(JsonNode s) {
        for (String k : List.of("type", "properties", "items", "enum", "const", "minimum", "maximum", "minLength",
                "maxLength", "pattern", "required", "prefixItems")) {
            if (s.has(k)) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode array(JsonNode s, String key, String path) {
        JsonNode a = s.get(key);
        if (!a.isArray()) {
            throw new InvalidSchemaException(path + "." + key, "must be an array, got " + kind(a));
        }
        return a;
    }

    /** A non-negative count; int64 fields arrive as JSON strings from some clients. */
    private static int count(JsonNode s, String key, String path, int absent) {
        JsonNode v = s.get(key);
        if (v == null || v.isNull()) {
            return absent;
        }
        try {
            long n;
            if (v.isTextual()) {
                n = Long.parseLong(v.asText().trim());
            } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                n = v.asLong();
            } else {
                throw new NumberFormatException();
            }
            if (n < 0) {
                throw new NumberFormatException();
            }
            return (int) Math.min(n, Integer.MAX_VALUE);
        } catch (NumberFormatException e) {
            throw new InvalidSchemaException(path + "." + key, "must be a non-negative integer, got " + v);
        }
    }

    private static BigDecimal decimal(JsonNode s, String key, String path) {
        JsonNode v = s.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            return v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new InvalidSchemaException(path + "." + key, "must be a number, got " + v);
        }
    }

    private static String canonical(JsonNode v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jsonType(JsonNode v) {
        if (v.isIntegralNumber()) {
            return "integer";
        }
        return v.isNumber() ? "number" : v.isTextual() ? "string" : v.isBoolean() ? "boolean" : v.isNull() ? "null"
                : v.isArray() ? "array" : "object";
    }

    private static String kind(JsonNode v) {
        return v.isObject() ? "an object" : v.isArray() ? "an array" : v.isTextual() ? "a string" : v.isNumber()
                ? "a number" : v.isBoolean() ? "a boolean" : "null";
    }
}
