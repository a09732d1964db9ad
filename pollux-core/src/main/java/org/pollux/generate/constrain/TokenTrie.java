package org.pollux.generate.constrain;

/**
 * A byte trie over token texts, in flat arrays. Node 0 is the root; the children of a node are
 * contiguous and sorted by byte, so a depth-first walk visits token prefixes in order and a dead
 * prefix prunes every token below it.
 */
final class TokenTrie {
    /** Edge byte into each node (root: unused). */
    byte[] edge;
    int[] firstChild;
    int[] childCount;
    /** Tokens ending at node i: {@code tokens[tokenStart[i] .. tokenEnd[i])}. */
    int[] tokenStart;
    int[] tokenEnd;
    final int[] tokens;

    private int nodes;
    private int tokenCount;

    /** @param ids the tokens to include; {@code bytes[id]} is each one's non-empty text */
    TokenTrie(int[] ids, byte[][] bytes) {
        int[] order = ids.clone();
        int capacity = 1;
        for (int id : order) {
            capacity += bytes[id].length; // an upper bound on the number of distinct prefixes
        }
        edge = new byte[capacity];
        firstChild = new int[capacity];
        childCount = new int[capacity];
        tokenStart = new int[capacity];
        tokenEnd = new int[capacity];
        tokens = new int[order.length];
        nodes = 1;
        build(0, 0, order.length, 0, order, new int[order.length], bytes);
        // The capacity was the total byte count; shared prefixes leave far fewer nodes.
        edge = java.util.Arrays.copyOf(edge, nodes);
        firstChild = java.util.Arrays.copyOf(firstChild, nodes);
        childCount = java.util.Arrays.copyOf(childCount, nodes);
        tokenStart = java.util.Arrays.copyOf(tokenStart, nodes);
        tokenEnd = java.util.Arrays.copyOf(tokenEnd, nodes);
    }

    int nodeCount() {
        return nodes;
    }

    /**
     * Fills node {@code node}, whose prefix has length {@code depth}, from the tokens
     * {@code order[lo, hi)} that share it. This is an MSD radix sort: each level orders its tokens
     * by the byte at {@code depth} only, which is much cheaper than comparing whole byte strings.
     */
    private void build(int node, int lo, int hi, int depth, int[] order, int[] tmp, byte[][] bytes) {
        // Tokens ending here first, then the rest by their byte at depth.
        int ending = lo;
        for (int i = lo; i < hi; i++) {
            if (bytes[order[i]].length == depth) {
                int t = order[ending];
                order[ending++] = order[i];
                order[i] = t;
            }
        }
        tokenStart[node] = tokenCount;
        for (int i = lo; i < ending; i++) {
            tokens[tokenCount++] = order[i];
        }
        tokenEnd[node] = tokenCount;
        sortByByte(order, tmp, ending, hi, depth, bytes);
        // Children: one per distinct byte at position depth, allocated together so they are contiguous.
        int first = nodes;
        int count = 0;
        for (int j = ending; j < hi; ) {
            byte b = bytes[order[j]][depth];
            int k = j;
            while (k < hi && bytes[order[k]][depth] == b) {
                k++;
            }
            edge[nodes++] = b;
            count++;
            j = k;
        }
        firstChild[node] = first;
        childCount[node] = count;
        int child = first;
        for (int j = ending; j < hi; ) {
            byte b = bytes[order[j]][depth];
            int k = j;
            while (k < hi && bytes[order[k]][depth] == b) {
                k++;
            }
            build(child++, j, k, depth + 1, order, tmp, bytes);
            j = k;
        }
    }

    /** Orders {@code order[lo, hi)} by the unsigned byte at {@code depth} (stable). */
    private static void sortByByte(int[] order, int[] tmp, int lo, int hi, int depth, byte[][] bytes) {
        if (hi - lo < 48) {
            for (int i = lo + 1; i < hi; i++) {
                int id = order[i];
                int key = bytes[id][depth] & 0xFF;
                int j = i - 1;
                while (j >= lo && (bytes[order[j]][depth] & 0xFF) > key) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = id;
            }
            return;
        }
        int[] start = new int[257];
        for (int i = lo; i < hi; i++) {
            start[(bytes[order[i]][depth] & 0xFF) + 1]++;
        }
        for (int b = 0; b < 256; b++) {
            start[b + 1] += start[b];
        }
        for (int i = lo; i < hi; i++) {
            tmp[lo + start[bytes[order[i]][depth] & 0xFF]++] = order[i];
        }
        System.arraycopy(tmp, lo, order, lo, hi - lo);
    }
}
