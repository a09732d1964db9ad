package org.pollux.generate.constrain;

import java.util.List;
import java.util.Set;

/**
 * Inside a string, after its opening quote. Reads UTF-8 byte by byte (only well-formed UTF-8,
 * no raw control characters, escapes including {@code \\uXXXX} outside the surrogate range) and
 * counts code points, so minLength/maxLength and a pattern are checked on the decoded characters.
 *
 * <p>An object key that is not a declared property is a string with {@code forbidden} names (the
 * declared ones and keys already used): it keeps its decoded text and, when closed, hands it to
 * the {@link ObjectFrame} below.
 *
 * @param phase CONTENT, ESCAPE (after a backslash), HEX (inside \\uXXXX), UTF8 (inside a multi-byte character)
 * @param count code points so far
 * @param state pattern DFA state (0 without a pattern)
 * @param acc bits of the character being read (HEX, UTF8)
 * @param need hex digits or continuation bytes still to come
 * @param lead the lead byte of the multi-byte character being read
 * @param text decoded content, kept for keys only (null otherwise)
 */
record StringFrame(SchemaNode.StringNode spec, Set<String> forbidden, int phase, int count, int state, int acc,
        int need, int lead, String text) implements Frame {

    static final int CONTENT = 0;
    static final int ESCAPE = 1;
    static final int HEX = 2;
    static final int UTF8 = 3;

    /** Longest undeclared key we generate. */
    static final int MAX_KEY_LENGTH = 64;
    static final SchemaNode.StringNode KEY = new SchemaNode.StringNode("(key)", 0, MAX_KEY_LENGTH, null);

    /** A string just opened; {@code forbidden} non-null makes it an undeclared object key. */
    static StringFrame open(SchemaNode.StringNode spec, Set<String> forbidden) {
        int start = spec.pattern == null ? 0 : spec.pattern.start;
        return new StringFrame(spec, forbidden, CONTENT, 0, start, 0, 0, 0, forbidden == null ? null : "");
    }

    /**
     * Without a pattern: most characters a token without quotes, backslashes or control
     * characters may add here (the token mask allows such tokens without stepping through them). A key keeps one character in
     * reserve, so whatever such a token adds it can still become a name that is not taken.
     */
    int freeBudget() {
        return spec.maxLength - count - (forbidden == null ? 0 : 1);
    }

    @Override
    public void step(int b, FrameStack below, List<FrameStack> out) {
        switch (phase) {
            case CONTENT -> content(b, below, out);
            case ESCAPE -> escape(b, below, out);
            case HEX -> hex(b, below, out);
            default -> utf8(b, below, out);
        }
    }

    private void content(int b, FrameStack below, List<FrameStack> out) {
        if (b == '"') {
            if (mayClose()) {
                if (forbidden != null) {
                    ObjectFrame key = (ObjectFrame) below.top();
                    out.add(new FrameStack(key.withExtraKey(text), below.below()));
                } else {
                    out.add(below);
                }
            }
        } else if (b == '\\') {
            if (canAdd(0, 0xFFFF)) {
                out.add(new FrameStack(with(ESCAPE, 0, 0, 0), below));
            }
        } else if (b < 0x20) {
            // raw control characters are not allowed in JSON strings
        } else if (b < 0x80) {
            addChar(b, below, out);
        } else {
            int n = b >= 0xC2 && b <= 0xDF ? 1 : b >= 0xE0 && b <= 0xEF ? 2 : b >= 0xF0 && b <= 0xF4 ? 3 : 0;
            if (n > 0) {
                int bits = b & (0x3F >> n);
                if (canAddUtf8(bits, n, b)) {
                    out.add(new FrameStack(with(UTF8, bits, n, b), below));
                }
            }
        }
    }

    private void escape(int b, FrameStack below, List<FrameStack> out) {
        int c = simpleEscape(b);
        if (c >= 0) {
            addChar(c, below, out);
        } else if (b == 'u') {
            out.add(new FrameStack(with(HEX, 0, 4, 0), below));
        }
    }

    private void hex(int b, FrameStack below, List<FrameStack> out) {
        int d = Character.digit(b, 16);
        if (d < 0) {
            return;
        }
        int v = acc * 16 + d;
        int left = need - 1;
        if (left == 0) {
            if (v < 0xD800 || v > 0xDFFF) {
                addChar(v, below, out);
            }
        } else if (canAdd(v << (4 * left), ((v + 1) << (4 * left)) - 1)) {
            out.add(new FrameStack(with(HEX, v, left, 0), below));
        }
    }

    private void utf8(int b, FrameStack below, List<FrameStack> out) {
        boolean second = need == (lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1);
        int lo = 0x80;
        int hi = 0xBF;
        if (second) {
            // The ranges of RFC 3629 that exclude overlong forms, surrogates and values past U+10FFFF.
            switch (lead) {
                case 0xE0 -> lo = 0xA0;
                case 0xED -> hi = 0x9F;
                case 0xF0 -> lo = 0x90;
                case 0xF4 -> hi = 0x8F;
                default -> { }
            }
        }
        if (b < lo || b > hi) {
            return;
        }
        int bits = (acc << 6) | (b & 0x3F);
        if (need == 1) {
            addChar(bits, below, out);
        } else if (canAdd(bits << (6 * (need - 1)), ((bits + 1) << (6 * (need - 1))) - 1)) {
            out.add(new FrameStack(with(UTF8, bits, need - 1, lead), below));
        }
    }

    /** Whether a character starting with this lead byte can be valid here. */
    private boolean canAddUtf8(int bits, int n, int leadByte) {
        int lo = bits << (6 * n);
        int hi = ((bits + 1) << (6 * n)) - 1;
        lo = Math.max(lo, n == 1 ? 0x80 : n == 2 ? 0x800 : 0x10000);
        hi = Math.min(hi, CharRanges.MAX);
        return lo <= hi && canAdd(lo, hi);
    }

    /** Whether some character in [lo, hi] (surrogates excluded) may be added. */
    private boolean canAdd(int lo, int hi) {
        return firstAddable(lo, Math.min(hi, 0xD7FF)) >= 0 || firstAddable(Math.max(lo, 0xE000), hi) >= 0;
    }

    /** The smallest character in [lo, hi] (no surrogates inside) that may be added, or −1. */
    private int firstAddable(int lo, int hi) {
        if (lo > hi || count + 1 > spec.maxLength) {
            return -1;
        }
        if (spec.pattern != null) {
            return spec.pattern.firstInto(state, lo, hi, count + 1);
        }
        if (forbidden != null && count + 1 == spec.maxLength) {
            // The last character a key may have must make a free name.
            for (int c = lo; c <= hi; c++) {
                if (!forbidden.contains(text + Character.toString(c))) {
                    return c;
                }
            }
            return -1;
        }
        return lo;
    }

    private void addChar(int c, FrameStack below, List<FrameStack> out) {
        StringFrame next = afterChar(c);
        if (next != null) {
            out.add(new FrameStack(next, below));
        }
    }

    /** The content frame after character {@code c}, or null when that is a dead end. */
    private StringFrame afterChar(int c) {
        int n = count + 1;
        if (n > spec.maxLength) {
            return null;
        }
        int s = state;
        if (spec.pattern != null) {
            s = spec.pattern.step(state, c);
            if (s < 0 || !spec.pattern.viable(s, n)) {
                return null;
            }
        }
        String t = text == null ? null : text + Character.toString(c);
        if (forbidden != null && n == spec.maxLength && forbidden.contains(t)) {
            return null;
        }
        return new StringFrame(spec, forbidden, CONTENT, n, s, 0, 0, 0, t);
    }

    private boolean mayClose() {
        boolean lengthOk = spec.pattern != null ? spec.pattern.accepts(state, count) : count >= spec.minLength;
        return lengthOk && (forbidden == null || !forbidden.contains(text));
    }

    private StringFrame with(int newPhase, int newAcc, int newNeed, int newLead) {
        return new StringFrame(spec, forbidden, newPhase, count, state, newAcc, newNeed, newLead, text);
    }

    private static int simpleEscape(int b) {
        return switch (b) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '/' -> '/';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            default -> -1;
        };
    }

    @Override
    public FrameStack complete(FrameStack below, StringBuilder sb) {
        StringFrame f = this;
        switch (phase) {
            case ESCAPE -> {
                f = null;
                for (int b : new int[] {'n', 't', '"', '\\', '/', 'b', 'f', 'r'}) {
                    StringFrame next = afterChar(simpleEscape(b));
                    if (next != null) {
                        sb.append((char) b);
                        f = next;
                        break;
                    }
                }
                if (f == null) {
                    int c = canAdd(0, 0xFFFF) ? firstAddable(0, 0xD7FF) : -1;
                    c = c >= 0 ? c : firstAddable(0xE000, 0xFFFF);
                    sb.append('u').append(String.format("%04x", c));
                    f = afterChar(c);
                }
            }
            case HEX -> {
                int lo = acc << (4 * need);
                int hi = ((acc + 1) << (4 * need)) - 1;
                int c = firstAddable(lo, Math.min(hi, 0xD7FF));
                c = c >= 0 ? c : firstAddable(Math.max(lo, 0xE000), hi);
                sb.append(String.format("%04x", c), 4 - need, 4);
                f = afterChar(c);
            }
            case UTF8 -> f = with(CONTENT, 0, 0, 0); // the cut character is dropped
            default -> { }
        }
        return f.closeFrom(below, sb);
    }

    /** From a content state: the shortest acceptable rest of the string, its quote, and what follows. */
    private FrameStack closeFrom(FrameStack below, StringBuilder out) {
        StringBuilder sb = new StringBuilder();
        String t = text;
        if (spec.pattern != null) {
            for (int c : spec.pattern.shortestCompletion(state, count)) {
                appendEscaped(sb, c);
            }
        } else {
            sb.repeat('a', Math.max(0, spec.minLength - count));
            if (forbidden != null && forbidden.contains(t)) {
                // viable() guarantees room for one more character that makes a free name
                int c = 'a';
                while (forbidden.contains(t + (char) c)) {
                    c++;
                }
                sb.append((char) c);
            }
        }
        out.append(sb).append('"');
        if (forbidden != null) {
            ObjectFrame key = (ObjectFrame) below.top();
            return new FrameStack(key.withExtraKey(t + sb), below.below());
        }
        return below;
    }

    /** Appends code point {@code c} as it may appear inside a JSON string. */
    static void appendEscaped(StringBuilder sb, int c) {
        switch (c) {
            case '"' -> sb.append("\\\"");
            case '\\' -> sb.append("\\\\");
            default -> {
                if (c < 0x20) {
                    sb.append(String.format("\\u%04x", c));
                } else {
                    sb.appendCodePoint(c);
                }
            }
        }
    }
}
