package org.pollux.generate.constrain;

import java.util.Arrays;

/**
 * Sets of code points as sorted, disjoint, non-adjacent inclusive ranges {@code [lo0, hi0, lo1, hi1, …]}:
 * the character classes of {@link RegexParser}. Surrogates are not characters of a JSON string we
 * generate, so {@link #ALL} leaves them out.
 */
final class CharRanges {
    static final int MAX = 0x10FFFF;
    /** Every Unicode scalar value. */
    static final int[] ALL = {0, 0xD7FF, 0xE000, MAX};
    static final int[] SURROGATES = {0xD800, 0xDFFF};
    /** What ECMAScript's {@code .} matches: everything but line terminators. */
    static final int[] DOT = subtract(ALL, of('\n', '\n', '\r', '\r', 0x2028, 0x2029));
    static final int[] DIGIT = of('0', '9');
    static final int[] WORD = of('0', '9', 'A', 'Z', '_', '_', 'a', 'z');
    static final int[] SPACE = of('\t', '\r', ' ', ' ', 0xA0, 0xA0, 0x1680, 0x1680, 0x2000, 0x200A, 0x2028, 0x2029,
            0x202F, 0x202F, 0x205F, 0x205F, 0x3000, 0x3000, 0xFEFF, 0xFEFF);

    private CharRanges() {}

    /** Normalizes pairs given in any order (overlapping or adjacent ranges merge). */
    static int[] of(int... pairs) {
        int n = pairs.length / 2;
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            packed[i] = ((long) pairs[2 * i] << 32) | pairs[2 * i + 1];
        }
        Arrays.sort(packed);
        int[] out = new int[pairs.length];
        int m = 0;
        for (long p : packed) {
            int lo = (int) (p >>> 32);
            int hi = (int) p;
            if (m > 0 && lo <= out[m - 1] + 1) {
                out[m - 1] = Math.max(out[m - 1], hi);
            } else {
                out[m++] = lo;
                out[m++] = hi;
            }
        }
        return Arrays.copyOf(out, m);
    }

    static int[] single(int c) {
        return new int[] {c, c};
    }

    static int[] union(int[] a, int[] b) {
        int[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return of(both);
    }

    /** Every scalar value not in {@code a}. */
    static int[] complement(int[] a) {
        return subtract(ALL, a);
    }

    static int[] subtract(int[] a, int[] b) {
        int[] out = new int[a.length + b.length + 2];
        int m = 0;
        for (int i = 0; i < a.length; i += 2) {
            int lo = a[i];
            int hi = a[i + 1];
            for (int j = 0; j < b.length && lo <= hi; j += 2) {
                if (b[j + 1] < lo || b[j] > hi) {
                    continue;
                }
                if (b[j] > lo) {
                    if (m + 2 > out.length) {
                        out = Arrays.copyOf(out, out.length * 2);
                    }
                    out[m++] = lo;
                    out[m++] = b[j] - 1;
                }
                lo = b[j + 1] + 1;
            }
            if (lo <= hi) {
                if (m + 2 > out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                out[m++] = lo;
                out[m++] = hi;
            }
        }
        return Arrays.copyOf(out, m);
    }

    static boolean isEmpty(int[] a) {
        return a.length == 0;
    }
}
