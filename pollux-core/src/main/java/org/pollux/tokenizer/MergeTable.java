package org.pollux.tokenizer;

import java.util.Arrays;

/**
 * The ranked merge list of a Hugging Face / GPT-2 BPE model: (left id, right id) → (rank, merged
 * id), in an open-addressing table of primitive longs because Gemma 3 has over half a million merges
 * (a boxed HashMap would cost several times the memory and load time). Earlier merges have lower
 * ranks and are applied first; a repeated pair keeps its first rank.
 */
final class MergeTable implements BpeSymbols.MergeRule {
    private static final long EMPTY = -1L;

    private long[] keys;
    private long[] values;
    private int size;

    MergeTable(int expectedMerges) {
        int cap = Integer.highestOneBit(Math.max(16, expectedMerges * 2 - 1)) << 1;
        keys = new long[cap];
        values = new long[cap];
        Arrays.fill(keys, EMPTY);
    }

    private static long key(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFF_FFFFL);
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E37_79B9_7F4A_7C15L; // Fibonacci hashing spreads the packed ids
        return (int) (h >>> 40) & mask;
    }

    /** Adds the next merge (its rank is the number of merges added before it). */
    void add(int left, int right, int merged) {
        if (size * 2 >= keys.length) {
            grow();
        }
        if (insert(key(left, right), ((long) size << 32) | (merged & 0xFFFF_FFFFL))) {
            size++;
        }
    }

    private boolean insert(long k, long v) {
        int mask = keys.length - 1;
        for (int i = slot(k, mask); ; i = (i + 1) & mask) {
            if (keys[i] == EMPTY) {
                keys[i] = k;
                values[i] = v;
                return true;
            }
            if (keys[i] == k) {
                return false;
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new long[oldKeys.length * 2];
        Arrays.fill(keys, EMPTY);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != EMPTY) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }

    /** (rank << 32 | merged id) for the pair, or -1 when the pair is not a merge. */
    long find(int left, int right) {
        if (left < 0 || right < 0) {
            return EMPTY;
        }
        long k = key(left, right);
        int mask = keys.length - 1;
        for (int i = slot(k, mask); ; i = (i + 1) & mask) {
            if (keys[i] == k) {
                return values[i];
            }
            if (keys[i] == EMPTY) {
                return EMPTY;
            }
        }
    }

    int size() {
        return size;
    }

    @Override
    public BpeSymbols.Candidate propose(BpeSymbols symbols, int left, int right) {
        long v = find(symbols.id(left), symbols.id(right));
        if (v == EMPTY) {
            return null;
        }
        int rank = (int) (v >>> 32);
        return symbols.candidate(left, right, -rank, (int) v);
    }
}
