package org.pollux.generate.constrain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A pattern (with a string's length limits) as a deterministic automaton over code points. Only
 * states that can still reach acceptance within the length limits are kept, and for each state we
 * know every exact number of further characters that can end in acceptance, so "can this prefix
 * still become a valid string of length between minLength and maxLength" is one bit-set lookup.
 *
 * <p>Built by the textbook route: Thompson NFA from {@link RegexParser}'s tree, then subset
 * construction over the intervals that the NFA's character sets cut the code space into.
 */
final class CharDfa {
    /** Bounds the work one request's pattern may cost. */
    static final int MAX_STATES = 4000;

    final int start;
    /** Per state: transitions as parallel arrays, sorted by {@code lo}. */
    private final int[][] los;
    private final int[][] his;
    private final int[][] targets;
    /** reach[s].get(k): acceptance is reachable from s in exactly k more characters (k ≤ horizon). */
    private final BitSet[] reach;
    private final int minLength;
    private final int maxLength;

    private CharDfa(int start, int[][] los, int[][] his, int[][] targets, BitSet[] reach, int minLength,
            int maxLength) {
        this.start = start;
        this.los = los;
        this.his = his;
        this.targets = targets;
        this.reach = reach;
        this.minLength = minLength;
        this.maxLength = maxLength;
    }

    /**
     * @param maxLength {@link Integer#MAX_VALUE} when unbounded
     * @throws InvalidSchemaException when the pattern is malformed, unsupported, too large, or no
     *     string of an allowed length matches it
     */
    static CharDfa compile(String pattern, int minLength, int maxLength, String path) {
        Nfa nfa = new Nfa(path);
        int[] frag = nfa.build(RegexParser.parse(pattern, path));
        CharDfa dfa = determinize(nfa, frag[0], frag[1], minLength, maxLength, path);
        if (!dfa.viable(dfa.start, 0)) {
            throw new InvalidSchemaException(path, "no string of length " + minLength + ".."
                    + (maxLength == Integer.MAX_VALUE ? "∞" : maxLength) + " matches pattern \"" + pattern + "\"");
        }
        return dfa;
    }

    /** The state after character {@code c}, or −1 when that leads nowhere acceptable. */
    int step(int state, int c) {
        int[] lo = los[state];
        int i = Arrays.binarySearch(lo, c);
        if (i < 0) {
            i = -i - 2;
        }
        return i >= 0 && c <= his[state][i] ? targets[state][i] : -1;
    }

    /** Whether a string that reached {@code state} with {@code count} characters can still end acceptably. */
    boolean viable(int state, int count) {
        if (count > maxLength) {
            return false;
        }
        int need = Math.max(0, minLength - count);
        int found = reach[state].nextSetBit(need);
        return found >= 0 && found <= (long) maxLength - count;
    }

    /** Whether the string may end here. */
    boolean accepts(int state, int count) {
        return count >= minLength && count <= maxLength && reach[state].get(0);
    }

    /** Whether some character in {@code [lo, hi]} leads from {@code state} to a viable state at {@code count}. */
    boolean canStepInto(int state, int lo, int hi, int count) {
        return firstInto(state, lo, hi, count) >= 0;
    }

    /** The smallest character in {@code [lo, hi]} leading to a viable state at {@code count}, or −1. */
    int firstInto(int state, int lo, int hi, int count) {
        int[] l = los[state];
        for (int i = 0; i < l.length; i++) {
            int a = Math.max(lo, l[i]);
            int b = Math.min(hi, his[state][i]);
            if (a <= b && viable(targets[state][i], count)) {
                return a;
            }
        }
        return -1;
    }

    /** The code points of a shortest acceptable continuation from a viable state. */
    int[] shortestCompletion(int state, int count) {
        int k = reach[state].nextSetBit(Math.max(0, minLength - count));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            int left = k - i - 1;
            int chosen = -1;
            for (int t = 0; t < los[state].length && chosen < 0; t++) {
                if (reach[targets[state][t]].get(left)) {
                    chosen = t;
                }
            }
            out[i] = preferredChar(los[state][chosen], his[state][chosen]);
            state = targets[state][chosen];
        }
        return out;
    }

    /** A character of the range that needs no escaping when possible. */
    static int preferredChar(int lo, int hi) {
        for (int c : new int[] {'a', '0', ' '}) {
            if (lo <= c && c <= hi) {
                return c;
            }
        }
        int c = Math.max(lo, 0x20);
        if (c == '"' || c == '\\') {
            c = c + 1 <= hi ? c + 1 : lo;
        }
        return c <= hi ? c : lo;
    }

    // ---- construction ----

    /** Thompson NFA: epsilon edges and character-set edges. */
    private static final class Nfa {
        final String path;
        final List<int[]> eps = new ArrayList<>();
        final List<List<int[]>> setEdges = new ArrayList<>(); // {target, lo0, hi0, …}

        Nfa(String path) {
            this.path = path;
        }

        int newState() {
            if (eps.size() >= 20 * MAX_STATES) {
                throw new InvalidSchemaException(path, "pattern is too large (counted repetitions expand it)");
            }
            eps.add(new int[0]);
            setEdges.add(new ArrayList<>());
            return eps.size() - 1;
        }

        void epsilon(int from, int to) {
            int[] e = eps.get(from);
            e = Arrays.copyOf(e, e.length + 1);
            e[e.length - 1] = to;
            eps.set(from, e);
        }

        /** Returns {start, end}. */
        int[] build(RegexParser.Node n) {
            return switch (n) {
                case RegexParser.Chars c -> {
                    int s = newState();
                    int e = newState();
                    int[] ranges = CharRanges.subtract(c.ranges(), CharRanges.SURROGATES);
                    int[] edge = new int[ranges.length + 1];
                    edge[0] = e;
                    System.arraycopy(ranges, 0, edge, 1, ranges.length);
                    setEdges.get(s).add(edge);
                    yield new int[] {s, e};
                }
                case RegexParser.Seq q -> {
                    int s = newState();
                    int cur = s;
                    for (RegexParser.Node item : q.items()) {
                        int[] f = build(item);
                        epsilon(cur, f[0]);
                        cur = f[1];
                    }
                    yield new int[] {s, cur};
                }
                case RegexParser.Alt a -> {
                    int s = newState();
                    int e = newState();
                    for (RegexParser.Node o : a.options()) {
                        int[] f = build(o);
                        epsilon(s, f[0]);
                        epsilon(f[1], e);
                    }
                    yield new int[] {s, e};
                }
                case RegexParser.Repeat r -> {
                    int s = newState();
                    int cur = s;
                    for (int i = 0; i < r.min(); i++) {
                        int[] f = build(r.node());
                        epsilon(cur, f[0]);
                        cur = f[1];
                    }
                    if (r.max() < 0) {
                        int[] f = build(r.node());
                        epsilon(cur, f[0]);
                        epsilon(f[1], f[0]);
                        int e = newState();
                        epsilon(cur, e);
                        epsilon(f[1], e);
                        cur = e;
                    } else {
                        int e = newState();
                        for (int i = r.min(); i < r.max(); i++) {
                            int[] f = build(r.node());
                            epsilon(cur, f[0]);
                            epsilon(cur, e);
                            cur = f[1];
                        }
                        epsilon(cur, e);
                        cur = e;
                    }
                    yield new int[] {s, cur};
                }
            };
        }

        BitSet closure(BitSet set) {
            BitSet out = (BitSet) set.clone();
            ArrayDeque<Integer> todo = new ArrayDeque<>();
            set.stream().forEach(todo::add);
            while (!todo.isEmpty()) {
                for (int t : eps.get(todo.pop())) {
                    if (!out.get(t)) {
                        out.set(t);
                        todo.add(t);
                    }
                }
            }
            return out;
        }
    }

    private static CharDfa determinize(Nfa nfa, int nfaStart, int nfaEnd, int minLength, int maxLength, String path) {
        // Cut the code space into intervals no NFA set boundary falls inside.
        TreeSet<Integer> cuts = new TreeSet<>(List.of(0, CharRanges.MAX + 1));
        for (List<int[]> edges : nfa.setEdges) {
            for (int[] e : edges) {
                for (int i = 1; i < e.length; i += 2) {
                    cuts.add(e[i]);
                    cuts.add(e[i + 1] + 1);
                }
            }
        }
        int[] bounds = cuts.stream().mapToInt(Integer::intValue).toArray();
        int intervals = bounds.length - 1;

        Map<BitSet, Integer> ids = new HashMap<>();
        List<BitSet> sets = new ArrayList<>();
        List<int[]> rawTargets = new ArrayList<>(); // per DFA state: target per interval (−1 none)
        BitSet first = new BitSet();
        first.set(nfaStart);
        first = nfa.closure(first);
        ids.put(first, 0);
        sets.add(first);
        for (int d = 0; d < sets.size(); d++) {
            BitSet[] next = new BitSet[intervals];
            BitSet cur = sets.get(d);
            for (int s = cur.nextSetBit(0); s >= 0; s = cur.nextSetBit(s + 1)) {
                for (int[] e : nfa.setEdges.get(s)) {
                    for (int i = 1; i < e.length; i += 2) {
                        int from = Arrays.binarySearch(bounds, e[i]);
                        for (int k = from; k < intervals && bounds[k] <= e[i + 1]; k++) {
                            if (next[k] == null) {
                                next[k] = new BitSet();
                            }
                            next[k].set(e[0]);
                        }
                    }
                }
            }
            int[] row = new int[intervals];
            Map<BitSet, BitSet> closed = new HashMap<>();
            for (int k = 0; k < intervals; k++) {
                if (next[k] == null) {
                    row[k] = -1;
                    continue;
                }
                BitSet c = closed.computeIfAbsent(next[k], nfa::closure);
                Integer id = ids.get(c);
                if (id == null) {
                    if (sets.size() >= MAX_STATES) {
                        throw new InvalidSchemaException(path, "pattern is too complex (over " + MAX_STATES
                                + " automaton states)");
                    }
                    id = sets.size();
                    ids.put(c, id);
                    sets.add(c);
                }
                row[k] = id;
            }
            rawTargets.add(row);
        }
        int n = sets.size();
        boolean[] accepting = new boolean[n];
        for (int d = 0; d < n; d++) {
            accepting[d] = sets.get(d).get(nfaEnd);
        }
        // Exact path lengths to acceptance, up to the horizon that decides every query (see viable):
        // a path longer than need + n contains a cycle that can be cut without going below need.
        int horizon = (int) Math.min((long) minLength + n, Math.max(maxLength, 0));
        if ((long) horizon * n > 50_000_000L) {
            throw new InvalidSchemaException(path, "pattern with minLength " + minLength + " is too large to check");
        }
        BitSet[] reach = new BitSet[n];
        BitSet layer = new BitSet(n); // states reaching acceptance in exactly k steps
        for (int d = 0; d < n; d++) {
            reach[d] = new BitSet();
            if (accepting[d]) {
                layer.set(d);
            }
        }
        int[][] preds = predecessors(rawTargets, n);
        for (int k = 0; k <= horizon && !layer.isEmpty(); k++) {
            BitSet prev = new BitSet(n);
            for (int d = layer.nextSetBit(0); d >= 0; d = layer.nextSetBit(d + 1)) {
                reach[d].set(k);
                for (int p : preds[d]) {
                    prev.set(p);
                }
            }
            layer = prev;
        }
        // Transitions into states that can never accept are dropped; equal neighbours merge.
        int[][] los = new int[n][];
        int[][] his = new int[n][];
        int[][] tg = new int[n][];
        for (int d = 0; d < n; d++) {
            int[] row = rawTargets.get(d);
            int[] lo = new int[intervals];
            int[] hi = new int[intervals];
            int[] to = new int[intervals];
            int m = 0;
            for (int k = 0; k < intervals; k++) {
                int t = row[k];
                if (t < 0 || reach[t].isEmpty()) {
                    continue;
                }
                if (m > 0 && to[m - 1] == t && hi[m - 1] + 1 == bounds[k]) {
                    hi[m - 1] = bounds[k + 1] - 1;
                } else {
                    lo[m] = bounds[k];
                    hi[m] = bounds[k + 1] - 1;
                    to[m++] = t;
                }
            }
            los[d] = Arrays.copyOf(lo, m);
            his[d] = Arrays.copyOf(hi, m);
            tg[d] = Arrays.copyOf(to, m);
        }
        return new CharDfa(0, los, his, tg, reach, minLength, maxLength);
    }

    /** For each state, the distinct states with a transition into it. */
    private static int[][] predecessors(List<int[]> rawTargets, int n) {
        List<BitSet> from = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            from.add(new BitSet());
        }
        for (int d = 0; d < n; d++) {
            for (int t : rawTargets.get(d)) {
                if (t >= 0) {
                    from.get(t).set(d);
                }
            }
        }
        int[][] out = new int[n][];
        for (int d = 0; d < n; d++) {
            out[d] = from.get(d).stream().toArray();
        }
        return out;
    }
}
