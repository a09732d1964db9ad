package org.pollux.generate.constrain;

import java.util.Arrays;

/**
 * A byte trie over token texts, in flat arrays. Node 0 is the root; the children of a node are
 * contiguous and sorted by byte, so a depth-first walk visits token prefixes in order and a dead
 * prefix prunes every token below it.
 */
final class TokenTrie {
    /** Edge byte into each node (root: unused). */
    final byte[] edge;
    final int[] firstChild;
    final int[] childCount;
    /** Tokens ending at node i: {@code tokens[tokenStart[i] .. tokenEnd[i])}. */
    final int[] tokenStart;
    final int[] tokenEnd;
    final int[] tokens;

    private int nodes;
    private int tokenCount;

    /** @param ids the tokens to include; {@code bytes[id]} is each one's non-empty text */
    TokenTrie(int[] ids, byte[][] bytes) {
        Integer[] sorted = Arrays.stream(ids).boxed().toArray(Integer[]::new);
        Arrays.sort(sorted, (a, b) -> Arrays.compareUnsigned(bytes[a], bytes[b]));
        int[] order = Arrays.stream(sorted).mapToInt(Integer::intValue).toArray();
        int capacity = 1 + countNodes(order, bytes);
        edge = new byte[capacity];
        firstChild = new int[capacity];
        childCount = new int[capacity];
        tokenStart = new int[capacity];
        tokenEnd = new int[capacity];
        tokens = new int[order.length];
        nodes = 1;
        build(0, 0, order.length, 0, order, bytes);
    }

    int nodeCount() {
        return nodes;
    }

    /** Distinct prefixes: each token adds the bytes past its common prefix with the previous one. */
    private static int countNodes(int[] order, byte[][] bytes) {
        int n = 0;
        byte[] prev = new byte[0];
        for (int id : order) {
            byte[] cur = bytes[id];
            int mismatch = Arrays.mismatch(prev, cur);
            n += mismatch < 0 ? 0 : cur.length - mismatch;
            prev = cur;
        }
        return n;
    }

    /** Fills node {@code node}, whose prefix has length {@code depth}, from sorted tokens [lo, hi). */
    private void build(int node, int lo, int hi, int depth, int[] order, byte[][] bytes) {
        tokenStart[node] = tokenCount;
        int i = lo;
        while (i < hi && bytes[order[i]].length == depth) {
            tokens[tokenCount++] = order[i++];
        }
        tokenEnd[node] = tokenCount;
        // Children: one per distinct byte at position depth, allocated together so they are contiguous.
        int first = nodes;
        int count = 0;
        for (int j = i; j < hi; ) {
            int b = bytes[order[j]][depth];
            int k = j;
            while (k < hi && bytes[order[k]][depth] == b) {
                k++;
            }
            edge[nodes++] = (byte) b;
            count++;
            j = k;
        }
        firstChild[node] = first;
        childCount[node] = count;
        int child = first;
        for (int j = i; j < hi; ) {
            int b = bytes[order[j]][depth];
            int k = j;
            while (k < hi && bytes[order[k]][depth] == b) {
                k++;
            }
            build(child++, j, k, depth + 1, order, bytes);
            j = k;
        }
    }
}
