package org.pollux.train.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Typed reads from one section of a recipe, with errors that name the file and the dotted key,
 * and a check that the section holds no key nobody read (a typo such as {@code train.stesp}).
 */
final class ConfigNode {
    private final String source;
    private final String prefix;
    private final ObjectNode node;
    private final Set<String> read = new LinkedHashSet<>();

    ConfigNode(String source, String prefix, ObjectNode node) {
        this.source = source;
        this.prefix = prefix;
        this.node = node;
    }

    String key(String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    ConfigException error(String name, String message) {
        return new ConfigException(source + ": " + key(name) + ": " + message);
    }

    boolean has(String name) {
        read.add(name);
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    private JsonNode get(String name) {
        read.add(name);
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    /** A sub-section (an empty one when absent). */
    ConfigNode section(String name) {
        JsonNode v = get(name);
        if (v != null && !v.isObject()) {
            throw error(name, "must be a section (key: value pairs), got " + v);
        }
        return new ConfigNode(source, key(name), v == null ? node.objectNode() : (ObjectNode) v);
    }

    /** The sections of a list. */
    List<ConfigNode> sections(String name) {
        JsonNode v = get(name);
        List<ConfigNode> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            throw error(name, "must be a list, got " + v);
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String k = key(name) + "[" + i + "]";
            if (e.isTextual()) { // shorthand: a bare path
                ObjectNode o = node.objectNode();
                o.set("path", e);
                e = o;
            }
            if (!e.isObject()) {
                throw new ConfigException(source + ": " + k + ": must be a section or a path, got " + e);
            }
            out.add(new ConfigNode(source, k, (ObjectNode) e));
        }
        return out;
    }

    String string(String name, String fallback) {
        JsonNode v = get(name);
        if (v == null) {
            return fallback;
        }
        if (!v.isValueNode() || v.isBoolean()) {
            throw error(name, "must be a string, got " + v);
        }
        return v.asText();
    }

    /** YAML 1.1 reads 3e-3 (no dot) as text: numbers written as text are accepted. */
    private JsonNode numeric(String name) {
        JsonNode v = get(name);
        if (v != null && v.isTextual()) {
            try {
                String t = v.textValue().strip().replace("_", "");
                return t.matches("[+-]?\\d+") ? com.fasterxml.jackson.databind.node.LongNode.valueOf(Long.parseLong(t))
                        : com.fasterxml.jackson.databind.node.DoubleNode.valueOf(Double.parseDouble(t));
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return v;
    }

    long integer(String name, long fallback, long min, long max) {
        JsonNode v = numeric(name);
        if (v == null) {
            return fallback;
        }
        if (!v.isIntegralNumber() && !(v.isFloatingPointNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
            throw error(name, "must be a whole number, got " + v);
        }
        long x = v.asLong();
        if (x < min || x > max) {
            throw error(name, "must be " + range(min, max) + ", got " + x);
        }
        return x;
    }

    int integer(String name, int fallback, int min) {
        return (int) integer(name, fallback, min, Integer.MAX_VALUE);
    }

    double number(String name, double fallback, double min, double max) {
        JsonNode v = numeric(name);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber()) {
            throw error(name, "must be a number, got " + v);
        }
        double x = v.asDouble();
        if (!(x >= min && x <= max)) {
            throw error(name, "must be " + range(min, max) + ", got " + x);
        }
        return x;
    }

    boolean bool(String name, boolean fallback) {
        JsonNode v = get(name);
        if (v == null) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw error(name, "must be true or false, got " + v);
        }
        return v.asBoolean();
    }

    List<String> strings(String name, List<String> fallback) {
        JsonNode v = get(name);
        if (v == null) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        if (v.isTextual()) {
            for (String s : v.asText().split(",")) {
                out.add(s.strip());
            }
            return out;
        }
        if (!v.isArray()) {
            throw error(name, "must be a list, got " + v);
        }
        v.forEach(e -> out.add(e.asText()));
        return out;
    }

    private static String range(double min, double max) {
        if (max == Double.MAX_VALUE || max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
            return ">= " + fmt(min);
        }
        return "in [" + fmt(min) + ", " + fmt(max) + "]";
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** Fails on the first key of this section that was never read. */
    void rejectUnknown() {
        for (var it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!read.contains(k)) {
                throw new ConfigException(source + ": unknown key '" + key(k) + "' (known here: "
                        + String.join(", ", read) + ")");
            }
        }
    }
}
