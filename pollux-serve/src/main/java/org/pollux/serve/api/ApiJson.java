package org.pollux.serve.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * JSON as the API speaks it (proto3 JSON mapping, API.md §1.5): requests may use lowerCamel or
 * snake_case names, ints may arrive as floats ("topK":20.0) or strings, unknown fields are ignored
 * unless the server is strict; responses use lowerCamel, leave out nulls and are compact.
 *
 * <p>Names are normalized on the tree before binding, except inside values that are user data:
 * {@link #OPAQUE} fields (function arguments, JSON Schema documents, examples) are copied as they
 * are, and the keys of {@link #USER_KEYED} maps (a schema's property names) are kept while their
 * values are normalized.
 */
public final class ApiJson {
    /** Fields whose whole value is user data (google.protobuf.Struct / Value or a JSON Schema). */
    static final Set<String> OPAQUE = Set.of("args", "response", "responseJsonSchema", "parametersJsonSchema",
            "_responseJsonSchema", "example", "default", "partMetadata", "metadata", "labels", "enum");
    /** Maps whose keys are user names and whose values are API messages. */
    static final Set<String> USER_KEYED = Set.of("properties");

    /** The shared mapper: lenient reading, compact lowerCamel writing without nulls. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private static final ObjectMapper STRICT = MAPPER.copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static {
        // Requests are bounded by the server's body limit; nesting is bounded here.
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build());
    }

    private ApiJson() {}

    /** Parses a request body; malformed JSON is a 400 naming the position. */
    public static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null ? MAPPER.createObjectNode() : node;
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("Invalid JSON payload received. " + e.getOriginalMessage()
                    + locationOf(e));
        } catch (java.io.IOException e) {
            throw ApiException.invalid("Invalid JSON payload received. " + e.getMessage());
        }
    }

    /**
     * Binds a request body to {@code type}: names normalized to lowerCamel; with {@code strict},
     * an unknown field is a 400 that names it and where it was, as Google's parser does.
     */
    public static <T> T read(byte[] body, Class<T> type, boolean strict) {
        return bind(parse(body), type, strict);
    }

    /** Binds a tree (see {@link #read}). */
    public static <T> T bind(JsonNode node, Class<T> type, boolean strict) {
        if (!node.isObject()) {
            throw ApiException.invalid("Invalid JSON payload received. Expected an object, got " + node.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        JsonNode normalized = normalize(node);
        try {
            return (strict ? STRICT : MAPPER).treeToValue(normalized, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.invalid("Invalid JSON payload received. Unknown name \"" + e.getPropertyName()
                    + "\"" + at(e) + ": Cannot find field.");
        } catch (JsonMappingException e) {
            throw ApiException.invalid("Invalid JSON payload received. " + e.getOriginalMessage() + at(e));
        } catch (JsonProcessingException e) {
            throw ApiException.invalid("Invalid JSON payload received. " + e.getOriginalMessage());
        }
    }

    /** Compact JSON of a response object. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serializable: " + e.getMessage(), e);
        }
    }

    /** A copy of {@code node} with every API field name in lowerCamel (user data untouched). */
    public static JsonNode normalize(JsonNode node) {
        if (node.isArray()) {
            var out = MAPPER.createArrayNode();
            node.forEach(e -> out.add(normalize(e)));
            return out;
        }
        if (!node.isObject()) {
            return node;
        }
        ObjectNode out = MAPPER.createObjectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = camel(e.getKey());
            JsonNode value = e.getValue();
            if (OPAQUE.contains(name)) {
                out.set(name, value);
            } else if (USER_KEYED.contains(name) && value.isObject()) {
                ObjectNode map = MAPPER.createObjectNode();
                value.fields().forEachRemaining(p -> map.set(p.getKey(), normalize(p.getValue())));
                out.set(name, map);
            } else {
                out.set(name, normalize(value));
            }
        }
        return out;
    }

    /** {@code response_mime_type} → {@code responseMimeType}; lowerCamel names pass unchanged. */
    static String camel(String name) {
        if (name.indexOf('_') <= 0) {
            return name;
        }
        StringBuilder b = new StringBuilder(name.length());
        boolean upper = false;
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == '_') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(ch) : ch);
                upper = false;
            }
        }
        return b.toString();
    }

    /** " at 'generation_config.foo'": the path in the snake_case form Google reports. */
    private static String at(JsonMappingException e) {
        String path = e.getPath().stream()
                .limit(Math.max(0, e.getPath().size() - (e instanceof UnrecognizedPropertyException ? 1 : 0)))
                .map(r -> r.getFieldName() != null ? snake(r.getFieldName()) : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        return path.isEmpty() ? "" : " at '" + path + "'";
    }

    private static String locationOf(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    static String snake(String camel) {
        StringBuilder b = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (Character.isUpperCase(ch)) {
                b.append('_').append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString();
    }
}
