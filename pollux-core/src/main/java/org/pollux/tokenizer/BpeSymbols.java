package org.pollux.tokenizer;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * The symbols of one word during byte-pair merging, and the merge loop shared by every BPE family.
 *
 * <p>Symbols form a doubly linked list over arrays (id, text span). All mergeable adjacent pairs sit
 * in a priority queue; the best pair (highest priority, ties → leftmost) is merged, and the pairs it
 * creates with its neighbours are queued. Queue entries are invalidated lazily: each symbol carries a
 * version that changes when it is merged, and an entry whose versions no longer match is dropped
 * when popped. This is O(n log n) in the word length.
 *
 * <p>What may merge and with what priority is the {@link MergeRule}: vocabulary scores for
 * SentencePiece BPE, merge-list ranks for Hugging Face / GPT-2 BPE.
 */
final class BpeSymbols {

    /** Decides whether two adjacent symbols merge. */
    interface MergeRule {
        /**
         * The token id of the merged symbol and its priority (higher merges first), via
         * {@link BpeSymbols#candidate}; or null when the pair does not merge.
         */
        Candidate propose(BpeSymbols symbols, int left, int right);
    }

    /** A queued merge of {@code left} and {@code right}, valid while both versions are unchanged. */
    record Candidate(int left, int right, int leftVersion, int rightVersion, double priority, int resultId) {}

    private static final int END = -1;

    final String text;
    private int[] ids;
    private int[] starts;
    private int[] ends;
    private int[] prev;
    private int[] next;
    private int[] versions;
    private int count;

    /** @param text the string the symbol spans index into */
    BpeSymbols(String text, int capacity) {
        this.text = text;
        int c = Math.max(4, capacity);
        ids = new int[c];
        starts = new int[c];
        ends = new int[c];
        prev = new int[c];
        next = new int[c];
        versions = new int[c];
    }

    /** Appends a symbol with token id (or {@link Vocabulary#NONE}) spanning {@code text[start, end)}. */
    void add(int id, int start, int end) {
        if (count == ids.length) {
            int c = count * 2;
            ids = Arrays.copyOf(ids, c);
            starts = Arrays.copyOf(starts, c);
            ends = Arrays.copyOf(ends, c);
            prev = Arrays.copyOf(prev, c);
            next = Arrays.copyOf(next, c);
            versions = Arrays.copyOf(versions, c);
        }
        ids[count] = id;
        starts[count] = start;
        ends[count] = end;
        prev[count] = count - 1;
        next[count] = END;
        if (count > 0) {
            next[count - 1] = count;
        }
        count++;
    }

    int id(int symbol) {
        return ids[symbol];
    }

    int start(int symbol) {
        return starts[symbol];
    }

    int end(int symbol) {
        return ends[symbol];
    }

    /** The text both symbols span together. */
    String joinedText(int left, int right) {
        return text.substring(starts[left], ends[right]);
    }

    Candidate candidate(int left, int right, double priority, int resultId) {
        return new Candidate(left, right, versions[left], versions[right], priority, resultId);
    }

    /** Runs merges until no adjacent pair is mergeable. */
    void mergeAll(MergeRule rule) {
        if (count < 2) {
            return;
        }
        PriorityQueue<Candidate> queue = new PriorityQueue<>(count, (a, b) -> {
            int c = Double.compare(b.priority(), a.priority());
            return c != 0 ? c : Integer.compare(a.left(), b.left());
        });
        for (int i = 1; i < count; i++) {
            offer(queue, rule, i - 1, i);
        }
        while (!queue.isEmpty()) {
            Candidate c = queue.poll();
            int l = c.left();
            int r = c.right();
            if (versions[l] != c.leftVersion() || versions[r] != c.rightVersion() || next[l] != r) {
                continue;
            }
            ids[l] = c.resultId();
            ends[l] = ends[r];
            next[l] = next[r];
            if (next[r] != END) {
                prev[next[r]] = l;
            }
            versions[l]++;
            versions[r]++;
            next[r] = END;
            prev[r] = END;
            ends[r] = starts[r]; // dead symbols span nothing
            offer(queue, rule, prev[l], l);
            offer(queue, rule, l, next[l]);
        }
    }

    private void offer(PriorityQueue<Candidate> queue, MergeRule rule, int left, int right) {
        if (left == END || right == END) {
            return;
        }
        Candidate c = rule.propose(this, left, right);
        if (c != null) {
            queue.add(c);
        }
    }

    /** Calls {@code visitor} for each remaining symbol, left to right. */
    void forEach(SymbolVisitor visitor) {
        if (count == 0) {
            return;
        }
        for (int s = 0; s != END; s = next[s]) {
            visitor.visit(s);
        }
    }

    interface SymbolVisitor {
        void visit(int symbol);
    }
}
