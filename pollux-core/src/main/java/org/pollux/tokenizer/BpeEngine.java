package org.pollux.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The merge loop shared by every BPE flavour: start from symbols (characters or byte-characters),
 * repeatedly merge the adjacent pair with the best priority (ties: the leftmost), until no pair
 * can merge. A priority queue holds candidate pairs; entries whose symbols changed since they were
 * queued are skipped when popped (lazy invalidation), so a merge costs O(log n).
 *
 * <p>SentencePiece scores a pair by the vocabulary score of the merged piece; Hugging Face and
 * GPT-2 BPE by the merge's rank (earlier merges first). Both are expressed as a {@link PairScorer}.
 */
final class BpeEngine {
    /** Priority of merging two adjacent symbols: higher merges first; NaN when they cannot merge. */
    @FunctionalInterface
    interface PairScorer {
        double score(String left, String right);
    }

    private record Candidate(double score, int left, int right, String leftText, String rightText) {}

    private BpeEngine() {}

    static List<String> merge(List<String> initial, PairScorer scorer) {
        int n = initial.size();
        String[] text = initial.toArray(new String[0]);
        int[] prev = new int[n];
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        PriorityQueue<Candidate> queue = new PriorityQueue<>((a, b) -> a.score != b.score
                ? Double.compare(b.score, a.score)
                : Integer.compare(a.left, b.left));
        for (int i = 0; i + 1 < n; i++) {
            offer(queue, scorer, text, i, i + 1);
        }
        while (!queue.isEmpty()) {
            Candidate c = queue.poll();
            // Stale if either side was merged away or changed since the candidate was queued.
            if (text[c.left] == null || text[c.right] == null || next[c.left] != c.right
                    || !text[c.left].equals(c.leftText) || !text[c.right].equals(c.rightText)) {
                continue;
            }
            text[c.left] = c.leftText + c.rightText;
            text[c.right] = null;
            next[c.left] = next[c.right];
            if (next[c.right] >= 0) {
                prev[next[c.right]] = c.left;
            }
            if (prev[c.left] >= 0) {
                offer(queue, scorer, text, prev[c.left], c.left);
            }
            if (next[c.left] >= 0) {
                offer(queue, scorer, text, c.left, next[c.left]);
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i >= 0 && i < n; i = next[i]) {
            out.add(text[i]);
        }
        return out;
    }

    private static void offer(PriorityQueue<Candidate> q, PairScorer scorer, String[] text, int left, int right) {
        double s = scorer.score(text[left], text[right]);
        if (!Double.isNaN(s)) {
            q.add(new Candidate(s, left, right, text[left], text[right]));
        }
    }

    /** Splits a string into its Unicode code points, each as a String. */
    static List<String> codePoints(String s) {
        List<String> out = new ArrayList<>(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            out.add(s.substring(i, i + len));
            i += len;
        }
        return out;
    }
}
