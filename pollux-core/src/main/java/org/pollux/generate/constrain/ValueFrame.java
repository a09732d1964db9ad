package org.pollux.generate.constrain;

import java.util.List;

/** Before a value: optional whitespace, then the first byte decides which kind of value starts. */
record ValueFrame(SchemaNode node, int ws) implements Frame {

    ValueFrame(SchemaNode node) {
        this(node, 0);
    }

    @Override
    public void step(int b, FrameStack below, List<FrameStack> out) {
        if (Frame.isWhitespace(b)) {
            if (ws < MAX_WHITESPACE) {
                out.add(new FrameStack(new ValueFrame(node, ws + 1), below));
            }
            return;
        }
        start(node, b, below, out);
    }

    /** Starts a value of {@code node} with its first (non-whitespace) byte. */
    static void start(SchemaNode node, int b, FrameStack below, List<FrameStack> out) {
        switch (node.resolved()) {
            case SchemaNode.AnyOf a -> {
                // Where any value goes, a model could nest brackets until the token limit; parsers
                // refuse deep nesting (Jackson: 1000 levels), so past a depth only scalars start.
                boolean shallow = !a.anyValue || below == null || below.depth() < MAX_ANY_DEPTH;
                for (SchemaNode option : a.options) {
                    if (shallow || !(option instanceof SchemaNode.ObjectNode || option instanceof SchemaNode.ArrayNode)) {
                        start(option, b, below, out);
                    }
                }
            }
            case SchemaNode.ObjectNode o -> {
                if (b == '{') {
                    out.add(new FrameStack(ObjectFrame.open(o), below));
                }
            }
            case SchemaNode.ArrayNode a -> {
                if (b == '[') {
                    out.add(new FrameStack(ArrayFrame.open(a), below));
                }
            }
            case SchemaNode.StringNode s -> {
                if (b == '"') {
                    out.add(new FrameStack(StringFrame.open(s, null), below));
                }
            }
            case SchemaNode.NumberNode n -> {
                if (b == '-' || (b >= '0' && b <= '9')) {
                    NumberFrame.empty(n).step(b, below, out);
                }
            }
            case SchemaNode.LiteralNode l -> LiteralFrame.all(l).step(b, below, out);
            case SchemaNode.RefNode r -> throw new IllegalStateException("unresolved reference at " + r.path);
        }
    }

    @Override
    public FrameStack complete(FrameStack below, StringBuilder out) {
        out.append(node.resolved().minimal);
        return below;
    }
}
