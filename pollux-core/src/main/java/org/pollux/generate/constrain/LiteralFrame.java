package org.pollux.generate.constrain;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Inside one of a fixed set of JSON texts (enum values, const, true/false/null, an object key):
 * {@code [lo, hi)} are the texts of {@link SchemaNode.LiteralNode#texts} that start with the
 * {@code off} bytes read so far. Texts are sorted, so those candidates are always contiguous.
 */
record LiteralFrame(SchemaNode.LiteralNode node, int lo, int hi, int off) implements Frame {

    static LiteralFrame all(SchemaNode.LiteralNode node) {
        return new LiteralFrame(node, 0, node.texts.length, 0);
    }

    @Override
    public void step(int b, FrameStack below, List<FrameStack> out) {
        byte[][] t = node.texts;
        // The text that ends here (if any) sorts first; the rest are ordered by their byte at off.
        int from = canEnd() ? lo + 1 : lo;
        int first = lowerBound(t, from, hi, b);
        int end = lowerBound(t, first, hi, b + 1);
        if (first < end) {
            out.add(new FrameStack(new LiteralFrame(node, first, end, off + 1), below));
        }
        if (canEnd()) {
            below.top().step(b, below.below(), out);
        }
    }

    /** First index in [from, to) whose byte at off is ≥ b (texts there all extend past off). */
    private int lowerBound(byte[][] t, int from, int to, int b) {
        while (from < to) {
            int mid = (from + to) >>> 1;
            if ((t[mid][off] & 0xFF) < b) {
                from = mid + 1;
            } else {
                to = mid;
            }
        }
        return from;
    }

    @Override
    public boolean canEnd() {
        return node.texts[lo].length == off;
    }

    @Override
    public FrameStack complete(FrameStack below, StringBuilder out) {
        // A character cut by the end is dropped, so restart at its first byte.
        int start = off;
        byte[] shortest = null;
        for (int i = lo; i < hi; i++) {
            if (shortest == null || node.texts[i].length < shortest.length) {
                shortest = node.texts[i];
            }
        }
        while (start > 0 && start < shortest.length && (shortest[start] & 0xC0) == 0x80) {
            start--;
        }
        out.append(new String(shortest, start, shortest.length - start, StandardCharsets.UTF_8));
        return below;
    }
}
