package org.pollux.generate.constrain;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One node of a compiled schema: what the JSON value at some position may be. Nodes are built by
 * {@link SchemaCompiler}, then {@link MinimalInstances} gives each its shortest instance; after that
 * they never change, so recognizer frames can hold them and compare them by identity.
 */
abstract sealed class SchemaNode
        permits SchemaNode.AnyOf, SchemaNode.ObjectNode, SchemaNode.ArrayNode, SchemaNode.StringNode,
                SchemaNode.NumberNode, SchemaNode.LiteralNode, SchemaNode.RefNode {

    /** Where the node came from, for error messages. */
    final String path;
    /** The shortest JSON text that is an instance, or null while none is known (none exists if still null at the end). */
    String minimal;

    SchemaNode(String path) {
        this.path = path;
    }

    /** The node itself, or what a reference points to. */
    SchemaNode resolved() {
        return this;
    }

    /** A value matching any of the options (nullable, type arrays, anyOf, oneOf). */
    static final class AnyOf extends SchemaNode {
        List<SchemaNode> options;
        /** The "any JSON value" node: it has scalar options, so it may refuse to nest deeper. */
        boolean anyValue;

        AnyOf(String path, List<SchemaNode> options) {
            super(path);
            this.options = options;
        }
    }

    /** A declared property: its key as JSON text ({@code "name"}), its schema, whether it is required. */
    record Property(String name, LiteralNode key, SchemaNode schema, boolean required) {}

    /**
     * An object. Properties are emitted in list order (propertyOrdering, else declaration order);
     * {@code extra} (additionalProperties as a schema) allows further, undeclared keys after them.
     */
    static final class ObjectNode extends SchemaNode {
        final List<Property> properties;
        final SchemaNode extra;
        final int minProperties;
        final int maxProperties;

        ObjectNode(String path, List<Property> properties, SchemaNode extra, int minProperties, int maxProperties) {
            super(path);
            this.properties = properties;
            this.extra = extra;
            this.minProperties = minProperties;
            this.maxProperties = maxProperties;
        }

        private int[] requiredFrom;

        /** Number of required properties at positions ≥ j (a hot question of the recognizer). */
        int requiredFrom(int j) {
            int[] r = requiredFrom;
            if (r == null) {
                r = new int[properties.size() + 1];
                for (int i = properties.size() - 1; i >= 0; i--) {
                    r[i] = r[i + 1] + (properties.get(i).required() ? 1 : 0);
                }
                requiredFrom = r; // benign race: every thread computes the same array
            }
            return r[Math.min(j, properties.size())];
        }

        /** Whether an undeclared key may be added (its schema has an instance). */
        boolean allowsExtra() {
            return extra != null && extra.resolved().minimal != null;
        }
    }

    /** An array: item i matches {@code prefix[i]}, later items match {@code items} (null: no later items). */
    static final class ArrayNode extends SchemaNode {
        final List<SchemaNode> prefix;
        final SchemaNode items;
        final int minItems;
        final int maxItems;

        ArrayNode(String path, List<SchemaNode> prefix, SchemaNode items, int minItems, int maxItems) {
            super(path);
            this.prefix = prefix;
            this.items = items;
            this.minItems = minItems;
            this.maxItems = maxItems;
        }

        /** The schema of item {@code i}, or null when there may be no such item. */
        SchemaNode item(int i) {
            SchemaNode s = i < prefix.size() ? prefix.get(i) : items;
            return s == null || i >= maxItems || s.resolved().minimal == null ? null : s;
        }
    }

    /** A string: length in code points, and optionally a pattern (or format) as a DFA over code points. */
    static final class StringNode extends SchemaNode {
        final int minLength;
        final int maxLength;
        final CharDfa pattern;

        StringNode(String path, int minLength, int maxLength, CharDfa pattern) {
            super(path);
            this.minLength = minLength;
            this.maxLength = maxLength;
            this.pattern = pattern;
        }
    }

    /**
     * A number (or integer) with optional bounds. Generated numbers have no exponent and at most
     * {@code intDigits} integer and {@code fracDigits} fraction digits, so every number ends.
     */
    static final class NumberNode extends SchemaNode {
        final boolean integer;
        final BigDecimal min;
        final boolean exclusiveMin;
        final BigDecimal max;
        final boolean exclusiveMax;
        final int intDigits;
        final int fracDigits;

        NumberNode(String path, boolean integer, BigDecimal min, boolean exclusiveMin, BigDecimal max,
                boolean exclusiveMax) {
            super(path);
            this.integer = integer;
            this.min = min;
            this.exclusiveMin = exclusiveMin;
            this.max = max;
            this.exclusiveMax = exclusiveMax;
            // Enough digits to reach the bounds, and at least 16 (about a double's precision).
            int ints = 16;
            int fracs = 16;
            for (BigDecimal b : new BigDecimal[] {min, max}) {
                if (b != null) {
                    ints = Math.max(ints, b.precision() - b.scale() + 1);
                    fracs = Math.max(fracs, b.scale() + 2);
                }
            }
            this.intDigits = ints;
            this.fracDigits = fracs;
        }

        boolean bounded() {
            return min != null || max != null;
        }
    }

    /** A fixed set of JSON texts (enum, const, true/false, null, object keys), sorted as unsigned bytes. */
    static final class LiteralNode extends SchemaNode {
        final byte[][] texts;

        LiteralNode(String path, List<String> jsonTexts) {
            super(path);
            this.texts = jsonTexts.stream().distinct().map(t -> t.getBytes(StandardCharsets.UTF_8))
                    .sorted(Arrays::compareUnsigned).toArray(byte[][]::new);
        }
    }

    /** A {@code $ref}; the target is set once the whole document is compiled (references may be recursive). */
    static final class RefNode extends SchemaNode {
        SchemaNode target;

        RefNode(String path) {
            super(path);
        }

        @Override
        SchemaNode resolved() {
            SchemaNode n = target;
            while (n instanceof RefNode r) {
                n = r.target;
            }
            return n;
        }
    }
}
