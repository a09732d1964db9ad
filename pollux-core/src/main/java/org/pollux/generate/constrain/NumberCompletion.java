package org.pollux.generate.constrain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides whether a number prefix can still become a number within its bounds, and how.
 *
 * <p>The rest of a number has a shape: {@code a} more integer digits, then maybe a dot and
 * {@code b} fraction digits. For a fixed shape the reachable values form an evenly spaced grid
 * (spacing 10^-fractionLength) between two ends, so whether some value of that shape lies within
 * [minimum, maximum] is a few exact decimal operations. Shapes are tried shortest first, which
 * gives the shortest completion; no shape at all means the prefix is a dead end.
 */
final class NumberCompletion {
    private NumberCompletion() {}

    /** One way to finish: {@code addInt} integer digits, then a dot with {@code addFrac} digits if {@code addDot}. */
    private record Shape(int addInt, boolean addDot, int addFrac) {
        int length() {
            return addInt + (addDot ? 1 : 0) + addFrac;
        }
    }

    /** The shortest text that makes {@code f} a valid number within bounds, or null when none exists. */
    static String shortestSuffix(NumberFrame f) {
        SchemaNode.NumberNode n = f.node();
        if (!n.bounded()) {
            if (f.digits().isEmpty()) {
                return "0";
            }
            return f.dot() && f.fraction().isEmpty() ? "0" : "";
        }
        String best = null;
        for (Shape s : feasibleShapes(f)) {
            String suffix = tryShape(f, s);
            if (suffix != null) {
                best = suffix;
                break;
            }
        }
        if (!f.negative() && f.digits().isEmpty()) {
            // Nothing read yet: the number may still become negative.
            String negative = shortestSuffix(new NumberFrame(n, true, "", false, ""));
            if (negative != null && (best == null || negative.length() + 1 < best.length())) {
                best = "-" + negative;
            }
        }
        return best;
    }

    /** Whether {@code v} lies within the node's bounds. */
    static boolean inBounds(SchemaNode.NumberNode n, BigDecimal v) {
        if (n.min != null && (n.exclusiveMin ? v.compareTo(n.min) <= 0 : v.compareTo(n.min) < 0)) {
            return false;
        }
        return n.max == null || (n.exclusiveMax ? v.compareTo(n.max) < 0 : v.compareTo(n.max) <= 0);
    }

    /**
     * The shapes worth trying, shortest first. For a given number of added integer digits, the
     * shape with the most fraction digits reaches a superset of the values of all the others
     * (a finer grid over a wider range), so if it misses the bounds, that whole group is skipped:
     * a dead prefix costs one test per integer length instead of one per shape.
     */
    private static List<Shape> feasibleShapes(NumberFrame f) {
        SchemaNode.NumberNode n = f.node();
        List<Shape> out = new ArrayList<>();
        java.util.Map<Integer, Boolean> reachable = new java.util.HashMap<>(); // by added integer digits
        for (Shape s : shapes(f)) {
            boolean ok = reachable.computeIfAbsent(s.addInt, a -> tryShape(f, f.dot()
                    ? new Shape(0, false, n.fracDigits - f.fraction().length())
                    : n.integer ? new Shape(a, false, 0) : new Shape(a, true, n.fracDigits)) != null);
            if (ok) {
                out.add(s);
            }
        }
        return out;
    }

    private static List<Shape> shapes(NumberFrame f) {
        SchemaNode.NumberNode n = f.node();
        List<Shape> out = new ArrayList<>();
        if (f.dot()) {
            for (int b = f.fraction().isEmpty() ? 1 : 0; b <= n.fracDigits - f.fraction().length(); b++) {
                out.add(new Shape(0, false, b));
            }
            return out;
        }
        int minA = f.digits().isEmpty() ? 1 : 0;
        int maxA = f.digits().equals("0") ? 0 : n.intDigits - f.digits().length();
        for (int a = minA; a <= maxA; a++) {
            out.add(new Shape(a, false, 0));
            if (!n.integer) {
                for (int b = 1; b <= n.fracDigits; b++) {
                    out.add(new Shape(a, true, b));
                }
            }
        }
        out.sort(Comparator.comparingInt(Shape::length));
        return out;
    }

    /** The completion of shape {@code s} reaching the smallest in-range magnitude, or null. */
    private static String tryShape(NumberFrame f, Shape s) {
        SchemaNode.NumberNode n = f.node();
        BigDecimal intPart = f.digits().isEmpty() ? BigDecimal.ZERO : new BigDecimal(f.digits());
        BigDecimal lo;
        BigDecimal hi;
        int scale;
        if (f.dot()) {
            scale = f.fraction().length() + s.addFrac;
            BigDecimal base = new BigDecimal(f.digits() + "." + f.fraction() + "0".repeat(s.addFrac));
            lo = base;
            hi = base.add(BigDecimal.ONE.movePointLeft(scale).multiply(BigDecimal.TEN.pow(s.addFrac).subtract(BigDecimal.ONE)));
        } else {
            BigDecimal span = BigDecimal.TEN.pow(s.addInt);
            BigDecimal intLo;
            if (f.digits().isEmpty()) {
                intLo = s.addInt == 1 ? BigDecimal.ZERO : BigDecimal.TEN.pow(s.addInt - 1);
            } else {
                intLo = intPart.multiply(span);
            }
            BigDecimal intHi = f.digits().isEmpty() ? span.subtract(BigDecimal.ONE)
                    : intPart.multiply(span).add(span).subtract(BigDecimal.ONE);
            scale = s.addDot ? s.addFrac : 0;
            lo = intLo;
            hi = intHi.add(BigDecimal.ONE).subtract(BigDecimal.ONE.movePointLeft(scale));
        }
        BigDecimal step = BigDecimal.ONE.movePointLeft(scale);
        // Bounds on the magnitude m: the value is m, or −m for a negative number.
        BigDecimal lower = f.negative() ? neg(n.max) : n.min;
        boolean lowerExclusive = f.negative() ? n.exclusiveMax : n.exclusiveMin;
        BigDecimal upper = f.negative() ? neg(n.min) : n.max;
        boolean upperExclusive = f.negative() ? n.exclusiveMin : n.exclusiveMax;
        BigDecimal m = lo;
        if (lower != null && lower.compareTo(lo) > 0) {
            BigDecimal k = lower.subtract(lo).divide(step, 0, RoundingMode.CEILING);
            m = lo.add(k.multiply(step));
        }
        if (lower != null && lowerExclusive && m.compareTo(lower) == 0) {
            m = m.add(step);
        }
        if (m.compareTo(hi) > 0 || upper != null && (upperExclusive ? m.compareTo(upper) >= 0 : m.compareTo(upper) > 0)) {
            return null;
        }
        String full = m.setScale(scale, RoundingMode.UNNECESSARY).toPlainString();
        if (f.digits().isEmpty() && s.addInt > 1 || !f.digits().isEmpty()) {
            full = pad(full, f.digits().length() + s.addInt);
        }
        String prefix = f.text();
        String text = (f.negative() ? "-" : "") + full;
        if (!text.startsWith(prefix)) {
            throw new IllegalStateException("number completion " + text + " does not extend " + prefix);
        }
        return text.substring(prefix.length());
    }

    private static BigDecimal neg(BigDecimal v) {
        return v == null ? null : v.negate();
    }

    /** Left-pads the integer part with zeros (only the prefix "0" has fewer digits than its shape). */
    private static String pad(String plain, int intDigits) {
        int dot = plain.indexOf('.');
        int have = dot < 0 ? plain.length() : dot;
        return have >= intDigits ? plain : "0".repeat(intDigits - have) + plain;
    }
}
