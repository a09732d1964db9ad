package org.pollux.generate;

import java.util.Arrays;

/**
 * Ranks token ids by logit without sorting the whole vocabulary. The order everywhere is: larger
 * logit first, equal logits by lower id first (so greedy, top-k and reports agree on ties).
 */
final class LogitRanking {
    private LogitRanking() {}

    /** The best id among {@code l[0 .. n)}; ties go to the lowest id. */
    static int argmax(float[] l, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (l[i] > l[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * The {@code k} best ids of {@code l[0 .. n)}, best first. A bounded min-heap of ids: O(n log k)
     * with most ids rejected by one comparison against the heap's worst member.
     */
    static int[] top(float[] l, int n, int k) {
        k = Math.min(k, n);
        int[] heap = new int[k];
        int size = 0;
        int i = 0;
        for (; i < n && size < k; i++) {
            heap[size] = i;
            siftUp(heap, size++, l);
        }
        // Every id in the heap is below i, so better(i, worst) reduces to a strict greater-than
        // against the worst member's logit, kept in a local: one comparison per rejected id.
        float worst = size > 0 ? l[heap[0]] : Float.NaN;
        for (; i < n; i++) {
            if (l[i] > worst) {
                heap[0] = i;
                siftDown(heap, size, l);
                worst = l[heap[0]];
            }
        }
        int[] out = new int[size];
        for (int m = size; m > 0; m--) {
            out[m - 1] = heap[0];
            heap[0] = heap[m - 1];
            siftDown(heap, m - 1, l);
        }
        return out;
    }

    /** Every id of {@code l[0 .. n)} whose logit is ≥ {@code floor}, best first. */
    static int[] atLeast(float[] l, int n, double floor) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (l[i] >= floor) {
                count++;
            }
        }
        int[] ids = new int[count];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (l[i] >= floor) {
                ids[j++] = i;
            }
        }
        return sort(l, ids);
    }

    /** The given ids, best first (a new array). */
    static int[] sort(float[] l, int[] ids) {
        long[] keys = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            keys[i] = sortKey(l[ids[i]], ids[i]);
        }
        Arrays.sort(keys);
        int[] out = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            out[i] = (int) keys[i];
        }
        return out;
    }

    /** Every id of {@code l[0 .. n)}, best first (a full sort: diagnostics and tests only). */
    static int[] all(float[] l, int n) {
        return atLeast(l, n, Double.NEGATIVE_INFINITY);
    }

    /**
     * A long whose natural order is the ranking order: the high half is the logit's bits mapped to
     * a signed int that orders like the float, complemented so larger logits come first; the low
     * half is the id, so equal logits fall back to the lower id. Sorting primitive longs avoids
     * boxing a comparator over 262k candidates.
     */
    private static long sortKey(float logit, int id) {
        int bits = Float.floatToIntBits(logit + 0f); // + 0f folds -0 into +0: they compare equal
        int ordered = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) ~ordered << 32) | (id & 0xffffffffL);
    }

    /** Whether id a ranks above id b. */
    private static boolean better(int a, int b, float[] l) {
        return l[a] > l[b] || (l[a] == l[b] && a < b);
    }

    private static void siftUp(int[] h, int i, float[] l) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!better(h[parent], h[i], l)) {
                break;
            }
            swap(h, parent, i);
            i = parent;
        }
    }

    private static void siftDown(int[] h, int size, float[] l) {
        int i = 0;
        while (true) {
            int a = 2 * i + 1;
            int b = a + 1;
            int worst = i;
            if (a < size && better(h[worst], h[a], l)) {
                worst = a;
            }
            if (b < size && better(h[worst], h[b], l)) {
                worst = b;
            }
            if (worst == i) {
                return;
            }
            swap(h, worst, i);
            i = worst;
        }
    }

    private static void swap(int[] h, int a, int b) {
        int t = h[a];
        h[a] = h[b];
        h[b] = t;
    }
}
