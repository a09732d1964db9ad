package org.pollux.generate.constrain;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the regular expressions of JSON Schema's {@code pattern} (an ECMAScript subset) into a
 * syntax tree. Supported: literals, {@code .}, classes {@code [a-z]} / {@code [^…]}, escapes
 * ({@code \d \w \s}, their negations, {@code \t \n \r \f \v \0 \xHH \\uHHHH}, escaped
 * metacharacters), groups {@code ( )} {@code (?: )} {@code (?<name> )}, alternation, quantifiers
 * {@code * + ? {n} {n,} {n,m}} (lazy ones too: the language is the same), and {@code ^} / {@code $}
 * at the ends of a top-level alternative. Features that cannot be decided one character at a time
 * (backreferences, lookaround, word boundaries) are rejected with the offending position.
 *
 * <p>JSON Schema patterns match anywhere in the string unless anchored, so an alternative without
 * {@code ^} is preceded by "any text", one without {@code $} followed by it.
 */
final class RegexParser {

    /** Syntax tree of a regular expression. */
    sealed interface Node permits Chars, Seq, Alt, Repeat {}

    /** One character from a set. */
    record Chars(int[] ranges) implements Node {}

    record Seq(List<Node> items) implements Node {}

    record Alt(List<Node> options) implements Node {}

    /** {@code max} −1: unbounded. */
    record Repeat(Node node, int min, int max) implements Node {}

    /** Larger counted repetitions would make automata too big to build per request. */
    static final int MAX_COUNT = 1000;

    private final String src;
    private final String path;
    private int pos;

    private RegexParser(String src, String path) {
        this.src = src;
        this.path = path;
    }

    /** The whole pattern as a tree matching full strings (search semantics made explicit). */
    static Node parse(String pattern, String path) {
        RegexParser p = new RegexParser(pattern, path);
        Node n = p.topLevel();
        if (p.pos < pattern.length()) {
            throw p.error("unbalanced ')'");
        }
        return n;
    }

    private Node topLevel() {
        List<Node> options = new ArrayList<>();
        Node anyText = new Repeat(new Chars(CharRanges.ALL), 0, -1);
        do {
            boolean anchoredStart = eat('^');
            List<Node> items = new ArrayList<>();
            if (!anchoredStart) {
                items.add(anyText);
            }
            items.add(sequence(true));
            if (eat('$')) {
                if (pos < src.length() && src.charAt(pos) != '|') {
                    throw error("'$' is supported only at the end of the pattern or of a top-level alternative");
                }
            } else {
                items.add(anyText);
            }
            options.add(new Seq(items));
        } while (eat('|'));
        return options.size() == 1 ? options.get(0) : new Alt(options);
    }

    private Node alternation() {
        List<Node> options = new ArrayList<>();
        do {
            options.add(sequence(false));
        } while (eat('|'));
        return options.size() == 1 ? options.get(0) : new Alt(options);
    }

    private Node sequence(boolean topLevel) {
        List<Node> items = new ArrayList<>();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '|' || c == ')' || (c == '$' && topLevel)) {
                break;
            }
            items.add(quantified(atom()));
        }
        return items.size() == 1 ? items.get(0) : new Seq(items);
    }

    private Node quantified(Node atom) {
        if (pos >= src.length()) {
            return atom;
        }
        int start = pos;
        char c = src.charAt(pos);
        int min;
        int max;
        if (c == '*' || c == '+' || c == '?') {
            pos++;
            min = c == '+' ? 1 : 0;
            max = c == '?' ? 1 : -1;
        } else if (c == '{' && countFollows()) {
            pos++;
            min = number();
            max = min;
            if (eat(',')) {
                max = peek('}') ? -1 : number();
            }
            expect('}');
            if (max != -1 && max < min) {
                throw error("repetition {" + min + "," + max + "} has max below min", start);
            }
        } else {
            return atom;
        }
        eat('?'); // lazy: same language
        if (pos < src.length() && (src.charAt(pos) == '*' || src.charAt(pos) == '+' || src.charAt(pos) == '?'
                || src.charAt(pos) == '{' && countFollows())) {
            throw error("nothing to repeat");
        }
        return new Repeat(atom, min, max);
    }

    private boolean countFollows() {
        int i = pos + 1;
        int digits = 0;
        while (i < src.length() && Character.isDigit(src.charAt(i))) {
            i++;
            digits++;
        }
        return digits > 0 && i < src.length() && (src.charAt(i) == '}' || src.charAt(i) == ',');
    }

    private int number() {
        int start = pos;
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a number");
        }
        if (pos - start > 4 || Integer.parseInt(src.substring(start, pos)) > MAX_COUNT) {
            throw error("repetition counts above " + MAX_COUNT + " are not supported", start);
        }
        return Integer.parseInt(src.substring(start, pos));
    }

    private Node atom() {
        int start = pos;
        int c = src.codePointAt(pos);
        pos += Character.charCount(c);
        switch (c) {
            case '(' -> {
                if (eat('?')) {
                    if (eat(':')) {
                        // non-capturing group
                    } else if (peek('<') && pos + 1 < src.length() && src.charAt(pos + 1) != '='
                            && src.charAt(pos + 1) != '!') {
                        int close = src.indexOf('>', pos);
                        if (close < 0) {
                            throw error("unterminated group name", start);
                        }
                        pos = close + 1;
                    } else {
                        throw error("lookaround and inline flags are not supported", start);
                    }
                }
                Node inner = alternation();
                if (!eat(')')) {
                    throw error("unclosed '('", start);
                }
                return inner;
            }
            case '[' -> {
                return new Chars(charClass(start));
            }
            case '.' -> {
                return new Chars(CharRanges.DOT);
            }
            case '\\' -> {
                return new Chars(escape(false, start));
            }
            case '^', '$' -> throw error("anchors are supported only at the ends of the pattern", start);
            case '*', '+', '?' -> throw error("nothing to repeat", start);
            case ')' -> throw error("unbalanced ')'", start);
            default -> {
                return new Chars(CharRanges.single(c));
            }
        }
    }

    private int[] charClass(int start) {
        boolean negate = eat('^');
        int[] set = new int[0];
        while (!eat(']')) {
            if (pos >= src.length()) {
                throw error("unclosed '['", start);
            }
            int itemStart = pos;
            int[] lo = classAtom();
            if (peek('-') && pos + 1 < src.length() && src.charAt(pos + 1) != ']') {
                pos++;
                int[] hi = classAtom();
                if (lo.length != 2 || lo[0] != lo[1] || hi.length != 2 || hi[0] != hi[1]) {
                    throw error("a range needs single characters at both ends", itemStart);
                }
                if (hi[0] < lo[0]) {
                    throw error("range out of order", itemStart);
                }
                set = CharRanges.union(set, new int[] {lo[0], hi[0]});
            } else {
                set = CharRanges.union(set, lo);
            }
        }
        return negate ? CharRanges.complement(set) : set;
    }

    private int[] classAtom() {
        int start = pos;
        int c = src.codePointAt(pos);
        pos += Character.charCount(c);
        return c == '\\' ? escape(true, start) : CharRanges.single(c);
    }

    private int[] escape(boolean inClass, int start) {
        if (pos >= src.length()) {
            throw error("pattern ends with '\\'", start);
        }
        int c = src.codePointAt(pos);
        pos += Character.charCount(c);
        return switch (c) {
            case 'd' -> CharRanges.DIGIT;
            case 'D' -> CharRanges.complement(CharRanges.DIGIT);
            case 'w' -> CharRanges.WORD;
            case 'W' -> CharRanges.complement(CharRanges.WORD);
            case 's' -> CharRanges.SPACE;
            case 'S' -> CharRanges.complement(CharRanges.SPACE);
            case 't' -> CharRanges.single('\t');
            case 'n' -> CharRanges.single('\n');
            case 'r' -> CharRanges.single('\r');
            case 'f' -> CharRanges.single('\f');
            case 'v' -> CharRanges.single(0x0B);
            case '0' -> CharRanges.single(0);
            case 'x' -> CharRanges.single(hex(2, start));
            case 'u' -> CharRanges.single(hex(4, start));
            case 'b' -> {
                if (inClass) {
                    yield CharRanges.single(8);
                }
                throw error("word boundaries (\\b) are not supported", start);
            }
            case 'B' -> throw error("word boundaries (\\B) are not supported", start);
            default -> {
                if (c >= '1' && c <= '9') {
                    throw error("backreferences are not supported", start);
                }
                if (Character.isLetterOrDigit(c)) {
                    throw error("unknown escape \\" + Character.toString(c), start);
                }
                yield CharRanges.single(c);
            }
        };
    }

    private int hex(int digits, int start) {
        if (pos + digits > src.length()) {
            throw error("incomplete hex escape", start);
        }
        try {
            int v = Integer.parseInt(src.substring(pos, pos + digits), 16);
            pos += digits;
            return v;
        } catch (NumberFormatException e) {
            throw error("bad hex escape", start);
        }
    }

    private boolean eat(char c) {
        if (peek(c)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean peek(char c) {
        return pos < src.length() && src.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!eat(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private InvalidSchemaException error(String problem) {
        return error(problem, pos);
    }

    private InvalidSchemaException error(String problem, int at) {
        return new InvalidSchemaException(path, "pattern \"" + src + "\" at offset " + at + ": " + problem);
    }
}
