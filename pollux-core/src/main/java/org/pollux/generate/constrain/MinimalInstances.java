package org.pollux.generate.constrain;

import java.util.List;

/**
 * Gives every node of a compiled schema its shortest instance, by fixpoint: references may be
 * recursive, so lengths are relaxed until nothing gets shorter (each round can only shorten, so
 * it ends). A node still without an instance has none that is finite; it is then pruned from
 * anyOf options and optional properties, and a schema whose root has none is rejected.
 */
final class MinimalInstances {
    private MinimalInstances() {}

    static void compute(List<SchemaNode> nodes, SchemaNode root) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (SchemaNode n : nodes) {
                String m = shortest(n);
                if (m != null && (n.minimal == null || m.length() < n.minimal.length())) {
                    n.minimal = m;
                    changed = true;
                }
            }
        }
        for (SchemaNode n : nodes) {
            if (n instanceof SchemaNode.AnyOf a) {
                a.options = a.options.stream().filter(o -> o.resolved().minimal != null).toList();
            }
        }
        if (root.resolved().minimal == null) {
            throw new InvalidSchemaException(root.path, "no finite JSON value satisfies this schema");
        }
    }

    /** The shortest instance given the current knowledge of the children, or null. */
    private static String shortest(SchemaNode node) {
        return switch (node) {
            case SchemaNode.LiteralNode l -> {
                String best = null;
                for (byte[] t : l.texts) {
                    String s = new String(t, java.nio.charset.StandardCharsets.UTF_8);
                    if (best == null || s.length() < best.length()) {
                        best = s;
                    }
                }
                yield best;
            }
            case SchemaNode.StringNode s -> "\"" + new FrameStack(StringFrame.open(s, null), null).complete();
            case SchemaNode.NumberNode n -> NumberCompletion.shortestSuffix(NumberFrame.empty(n));
            case SchemaNode.ArrayNode a -> {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < a.minItems; i++) {
                    SchemaNode item = a.item(i);
                    if (item == null) {
                        yield null;
                    }
                    sb.append(i > 0 ? "," : "").append(item.resolved().minimal);
                }
                yield sb.append(']').toString();
            }
            case SchemaNode.ObjectNode o -> {
                List<String> members = ObjectFrame.members(o, 0, 0, List.of(), false);
                yield members == null ? null : "{" + String.join(",", members) + "}";
            }
            case SchemaNode.AnyOf a -> {
                String best = null;
                for (SchemaNode o : a.options) {
                    String m = o.resolved().minimal;
                    if (m != null && (best == null || m.length() < best.length())) {
                        best = m;
                    }
                }
                yield best;
            }
            case SchemaNode.RefNode r -> r.resolved().minimal;
        };
    }
}
