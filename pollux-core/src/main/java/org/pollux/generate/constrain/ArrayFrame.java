package org.pollux.generate.constrain;

import java.util.List;

/**
 * Inside an array, after {@code [} (phase OPEN) or after an item (phase VALUE), with
 * {@code count} items so far; minItems/maxItems and prefixItems decide what may follow.
 */
record ArrayFrame(SchemaNode.ArrayNode node, int phase, int count, int ws) implements Frame {
    static final int OPEN = 0;
    static final int VALUE = 1;

    static ArrayFrame open(SchemaNode.ArrayNode node) {
        return new ArrayFrame(node, OPEN, 0, 0);
    }

    @Override
    public void step(int b, FrameStack below, List<FrameStack> out) {
        if (Frame.isWhitespace(b)) {
            if (ws < MAX_WHITESPACE) {
                out.add(new FrameStack(new ArrayFrame(node, phase, count, ws + 1), below));
            }
            return;
        }
        if (b == ']') {
            if (count >= node.minItems) {
                out.add(below);
            }
            return;
        }
        SchemaNode item = node.item(count);
        if (item == null) {
            return;
        }
        FrameStack afterItem = new FrameStack(new ArrayFrame(node, VALUE, count + 1, 0), below);
        if (phase == OPEN) {
            ValueFrame.start(item, b, afterItem, out);
        } else if (b == ',') {
            out.add(new FrameStack(new ValueFrame(item), afterItem));
        }
    }

    @Override
    public FrameStack complete(FrameStack below, StringBuilder sb) {
        for (int i = count; i < node.minItems; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(node.item(i).resolved().minimal);
        }
        sb.append(']');
        return below;
    }
}
