package org.pollux.generate.constrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;

/** Random, satisfiable JSON Schemas over the keywords the compiler supports, for property tests. */
final class RandomSchemas {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] PATTERNS = {"^[a-c]+$", "^\\d{2,4}$", "x", "^(ab|é)*$", "^[^\"\\\\]{1,3}$", "\\.",
        "^\\w+@\\w+\\.[a-z]{2}$"};
    private static final String[] WORDS = {"", "a", "ab", "é", "a\"b", "back\\slash", "😀", "line\nbreak", "x y"};

    private RandomSchemas() {}

    static JsonNode schema(Random r, int depth) {
        int kind = r.nextInt(depth > 0 ? 11 : 7);
        ObjectNode s = F.objectNode();
        switch (kind) {
            case 0 -> {
                s.put("type", "string");
                int min = r.nextInt(3);
                if (r.nextBoolean()) {
                    s.put("minLength", min);
                }
                if (r.nextBoolean()) {
                    s.put("maxLength", min + r.nextInt(4));
                }
            }
            case 1 -> s.put("type", "string").put("pattern", PATTERNS[r.nextInt(PATTERNS.length)]);
            case 2 -> {
                ArrayNode e = s.putArray("enum");
                for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
                    e.add(WORDS[r.nextInt(WORDS.length)]);
                }
            }
            case 3 -> {
                s.put("type", "integer");
                int lo = r.nextInt(200) - 100;
                if (r.nextBoolean()) {
                    s.put("minimum", lo);
                }
                if (r.nextBoolean()) {
                    s.put("maximum", lo + r.nextInt(50));
                }
            }
            case 4 -> {
                s.put("type", "number");
                double lo = Math.round((r.nextDouble() * 20 - 10) * 100) / 100.0;
                if (r.nextBoolean()) {
                    s.put(r.nextBoolean() ? "minimum" : "exclusiveMinimum", lo);
                }
                if (r.nextBoolean()) {
                    s.put(r.nextBoolean() ? "maximum" : "exclusiveMaximum", lo + 0.01 + r.nextInt(300) / 100.0);
                }
            }
            case 5 -> s.put("type", r.nextBoolean() ? "boolean" : "null");
            case 6 -> s.put("const", WORDS[r.nextInt(WORDS.length)]);
            case 7, 8 -> {
                s.put("type", "object");
                ObjectNode props = s.putObject("properties");
                ArrayNode required = F.arrayNode();
                for (int i = 0, n = r.nextInt(4); i < n; i++) {
                    String name = WORDS[r.nextInt(WORDS.length)] + i;
                    props.set(name, schema(r, depth - 1));
                    if (r.nextBoolean()) {
                        required.add(name);
                    }
                }
                s.set("required", required);
                int extra = r.nextInt(3);
                if (extra == 0) {
                    s.put("additionalProperties", false);
                } else if (extra == 1) {
                    s.set("additionalProperties", schema(r, depth - 1));
                }
            }
            case 9 -> {
                s.put("type", "array");
                s.set("items", schema(r, depth - 1));
                int min = r.nextInt(3);
                s.put("minItems", min);
                if (r.nextBoolean()) {
                    s.put("maxItems", min + r.nextInt(3));
                }
            }
            default -> {
                ArrayNode any = s.putArray("anyOf");
                any.add(schema(r, depth - 1));
                any.add(schema(r, depth - 1));
            }
        }
        return s;
    }
}
