package org.pollux.generate.constrain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Inside an object. Declared properties come in their list order: {@code index} is the first one
 * not yet passed, and a key may name any property from there up to the next required one (the
 * optional ones in between are skipped). Undeclared keys (additionalProperties as a schema) may
 * follow once no required property is left. minProperties/maxProperties are kept by refusing keys
 * that would make them unreachable.
 *
 * @param phase OPEN (after {), COMMA (after ,), KEY (after a key, before :), VALUE (after a value)
 * @param key after a key: the declared property it named, or −1 for an undeclared one
 * @param extras undeclared keys used so far
 */
record ObjectFrame(SchemaNode.ObjectNode node, int phase, int index, int count, int ws, int key, List<String> extras)
        implements Frame {
    static final int OPEN = 0;
    static final int COMMA = 1;
    static final int KEY = 2;
    static final int VALUE = 3;

    static ObjectFrame open(SchemaNode.ObjectNode node) {
        return new ObjectFrame(node, OPEN, 0, 0, 0, -1, List.of());
    }

    @Override
    public void step(int b, FrameStack below, List<FrameStack> out) {
        if (Frame.isWhitespace(b)) {
            if (ws < MAX_WHITESPACE) {
                out.add(new FrameStack(new ObjectFrame(node, phase, index, count, ws + 1, key, extras), below));
            }
            return;
        }
        switch (phase) {
            case OPEN, COMMA -> {
                if (b == '}' && phase == OPEN && canClose(node, index, count)) {
                    out.add(below);
                    return;
                }
                if (b != '"') {
                    return; // every key starts with a quote
                }
                for (int j : candidates(node, index, count)) {
                    FrameStack afterKey = new FrameStack(new ObjectFrame(node, KEY, j, count, 0, j, extras), below);
                    LiteralFrame.all(node.properties.get(j).key()).step(b, afterKey, out);
                }
                if (extraAllowed(node, index, count)) {
                    FrameStack afterKey = new FrameStack(
                            new ObjectFrame(node, KEY, node.properties.size(), count, 0, -1, extras), below);
                    out.add(new FrameStack(StringFrame.open(StringFrame.KEY, takenNames()), afterKey));
                }
            }
            case KEY -> {
                if (b == ':') {
                    SchemaNode value = key >= 0 ? node.properties.get(key).schema() : node.extra;
                    int next = key >= 0 ? key + 1 : node.properties.size();
                    out.add(new FrameStack(new ValueFrame(value),
                            new FrameStack(new ObjectFrame(node, VALUE, next, count + 1, 0, -1, extras), below)));
                }
            }
            default -> {
                if (b == '}' && canClose(node, index, count)) {
                    out.add(below);
                } else if (b == ',' && (!candidates(node, index, count).isEmpty() || extraAllowed(node, index, count))) {
                    out.add(new FrameStack(new ObjectFrame(node, COMMA, index, count, 0, -1, extras), below));
                }
            }
        }
    }

    /** After an undeclared key was read: remembers it, so it is not used twice. */
    ObjectFrame withExtraKey(String name) {
        List<String> more = new ArrayList<>(extras);
        more.add(name);
        return new ObjectFrame(node, phase, index, count, ws, key, List.copyOf(more));
    }

    private Set<String> takenNames() {
        Set<String> taken = new HashSet<>(extras);
        for (SchemaNode.Property p : node.properties) {
            taken.add(p.name());
        }
        return Set.copyOf(taken);
    }

    /** Declared properties that may be the next key: from index up to the first required one. */
    static List<Integer> candidates(SchemaNode.ObjectNode node, int index, int count) {
        List<Integer> out = new ArrayList<>();
        List<SchemaNode.Property> props = node.properties;
        for (int j = index; j < props.size(); j++) {
            SchemaNode.Property p = props.get(j);
            if (p.schema().resolved().minimal != null
                    && count + 1 + requiredFrom(node, j + 1) <= node.maxProperties
                    && count + 1 + availableFrom(node, j + 1) >= node.minProperties) {
                out.add(j);
            }
            if (p.required()) {
                break;
            }
        }
        return out;
    }

    static boolean extraAllowed(SchemaNode.ObjectNode node, int index, int count) {
        return node.allowsExtra() && requiredFrom(node, index) == 0 && count + 1 <= node.maxProperties;
    }

    static boolean canClose(SchemaNode.ObjectNode node, int index, int count) {
        return requiredFrom(node, index) == 0 && count >= node.minProperties;
    }

    private static int requiredFrom(SchemaNode.ObjectNode node, int j) {
        return node.requiredFrom(j);
    }

    /** How many more properties could still be added after position j (undeclared ones: unlimited). */
    private static long availableFrom(SchemaNode.ObjectNode node, int j) {
        if (node.allowsExtra()) {
            return Integer.MAX_VALUE;
        }
        long n = 0;
        for (int i = j; i < node.properties.size(); i++) {
            n += node.properties.get(i).schema().resolved().minimal != null ? 1 : 0;
        }
        return n;
    }

    @Override
    public FrameStack complete(FrameStack below, StringBuilder out) {
        if (phase == KEY) {
            SchemaNode value = key >= 0 ? node.properties.get(key).schema() : node.extra;
            int next = key >= 0 ? key + 1 : node.properties.size();
            out.append(':').append(value.resolved().minimal);
            return new ObjectFrame(node, VALUE, next, count + 1, 0, -1, extras).complete(below, out);
        }
        List<String> members = members(node, index, count, extras, phase == COMMA);
        out.append(phase == VALUE && !members.isEmpty() ? "," : "").append(String.join(",", members)).append('}');
        return below;
    }

    /**
     * The shortest members ({@code "key":value}) that close the object from position {@code index}
     * with {@code count} members so far: the required properties left, plus the shortest optional
     * ones minProperties (or a comma already written) still needs. Null when some needed
     * property has no instance (used while {@link MinimalInstances} is still searching).
     */
    static List<String> members(SchemaNode.ObjectNode node, int index, int count, List<String> extras,
            boolean needOne) {
        List<SchemaNode.Property> props = node.properties;
        List<Integer> chosen = new ArrayList<>();
        List<Integer> optional = new ArrayList<>();
        for (int j = index; j < props.size(); j++) {
            SchemaNode.Property p = props.get(j);
            if (p.required()) {
                if (p.schema().resolved().minimal == null) {
                    return null;
                }
                chosen.add(j);
            } else if (p.schema().resolved().minimal != null) {
                optional.add(j);
            }
        }
        int needed = Math.max(node.minProperties - count - chosen.size(), needOne && chosen.isEmpty() ? 1 : 0);
        optional.sort(Comparator.comparingInt(j -> member(props.get(j)).length()));
        for (int i = 0; i < Math.min(needed, optional.size()); i++) {
            chosen.add(optional.get(i));
        }
        chosen.sort(null);
        List<String> out = new ArrayList<>();
        for (int j : chosen) {
            out.add(member(props.get(j)));
        }
        int missing = needed - Math.min(needed, optional.size());
        if (missing > 0) {
            if (!node.allowsExtra()) {
                return null;
            }
            Set<String> taken = new HashSet<>(extras);
            props.forEach(p -> taken.add(p.name()));
            for (int k = 0; missing > 0; k++) {
                String name = "k" + k;
                if (taken.add(name)) {
                    out.add("\"" + name + "\":" + node.extra.resolved().minimal);
                    missing--;
                }
            }
        }
        return out;
    }

    private static String member(SchemaNode.Property p) {
        return new String(p.key().texts[0], java.nio.charset.StandardCharsets.UTF_8) + ":"
                + p.schema().resolved().minimal;
    }
}
