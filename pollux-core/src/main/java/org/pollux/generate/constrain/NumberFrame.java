package org.pollux.generate.constrain;

import java.util.List;

/**
 * Inside a number: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?}, no exponent, with the digit limits of
 * its {@link SchemaNode.NumberNode}. A number has no closing byte, so when the next byte cannot
 * extend it and it is already valid, it ends and that byte goes to the frame below.
 */
record NumberFrame(SchemaNode.NumberNode node, boolean negative, String digits, boolean dot, String fraction)
        implements Frame {

    static NumberFrame empty(SchemaNode.NumberNode node) {
        return new NumberFrame(node, false, "", false, "");
    }

    @Override
    public void step(int b, FrameStack below, List<FrameStack> out) {
        NumberFrame next = extend(b);
        if (next != null && NumberCompletion.shortestSuffix(next) != null) {
            out.add(new FrameStack(next, below));
        }
        if (canEnd()) {
            below.top().step(b, below.below(), out);
        }
    }

    /** This number with byte {@code b} appended, if that is still the prefix of a well-formed number. */
    private NumberFrame extend(int b) {
        if (b == '-') {
            return negative || !digits.isEmpty() ? null : new NumberFrame(node, true, digits, dot, fraction);
        }
        if (b == '.') {
            return node.integer || dot || digits.isEmpty() ? null : new NumberFrame(node, negative, digits, true, fraction);
        }
        if (b < '0' || b > '9') {
            return null;
        }
        String d = String.valueOf((char) b);
        if (dot) {
            return fraction.length() >= node.fracDigits ? null
                    : new NumberFrame(node, negative, digits, true, fraction + d);
        }
        if (digits.equals("0") || digits.length() >= node.intDigits) {
            return null;
        }
        return new NumberFrame(node, negative, digits + d, false, fraction);
    }

    /** Whether the text so far is a complete number. */
    boolean wellFormed() {
        return !digits.isEmpty() && (!dot || !fraction.isEmpty());
    }

    /** The text read so far. */
    String text() {
        return (negative ? "-" : "") + digits + (dot ? "." + fraction : "");
    }

    @Override
    public boolean canEnd() {
        return wellFormed() && NumberCompletion.inBounds(node, new java.math.BigDecimal(text()));
    }

    @Override
    public FrameStack complete(FrameStack below, StringBuilder out) {
        out.append(NumberCompletion.shortestSuffix(this));
        return below;
    }
}
