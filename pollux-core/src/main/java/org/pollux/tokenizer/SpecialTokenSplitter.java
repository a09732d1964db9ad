package org.pollux.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts text into raw-text fragments and special-token fragments before BPE runs, as llama.cpp and
 * Hugging Face do. User-defined pieces are always cut out; control and unknown pieces only when
 * special parsing is on. Matching is leftmost-longest over a character trie, so the cost per input
 * character is bounded by the longest special piece, not by the number of special pieces (Gemma has
 * over 6,000 of them).
 */
final class SpecialTokenSplitter {

    /** A run of text {@code [start, end)} to tokenize, or a single special token ({@code tokenId >= 0}). */
    record Fragment(int tokenId, int start, int end) {
        boolean isToken() {
            return tokenId >= 0;
        }
    }

    private static final class Node {
        final Map<Character, Node> children = new HashMap<>(4);
        int tokenId = Vocabulary.NONE;
        boolean control;
    }

    private final Node root = new Node();
    private final boolean empty;

    SpecialTokenSplitter(Vocabulary vocab) {
        boolean any = false;
        for (int id = 0; id < vocab.size(); id++) {
            TokenType t = vocab.type(id);
            boolean control = t == TokenType.CONTROL || t == TokenType.UNKNOWN;
            if (!control && t != TokenType.USER_DEFINED) {
                continue;
            }
            String piece = vocab.piece(id);
            if (piece.isEmpty()) {
                continue;
            }
            Node n = root;
            for (int i = 0; i < piece.length(); i++) {
                n = n.children.computeIfAbsent(piece.charAt(i), c -> new Node());
            }
            if (n.tokenId == Vocabulary.NONE) {
                n.tokenId = id;
                n.control = control;
                any = true;
            }
        }
        empty = !any;
    }

    List<Fragment> split(String text, boolean parseSpecial) {
        List<Fragment> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        if (empty) {
            out.add(new Fragment(Vocabulary.NONE, 0, text.length()));
            return out;
        }
        int rawStart = 0;
        int i = 0;
        while (i < text.length()) {
            int matchEnd = -1;
            int matchId = Vocabulary.NONE;
            Node n = root;
            for (int j = i; j < text.length(); j++) {
                n = n.children.get(text.charAt(j));
                if (n == null) {
                    break;
                }
                if (n.tokenId != Vocabulary.NONE && (parseSpecial || !n.control)) {
                    matchEnd = j + 1;
                    matchId = n.tokenId;
                }
            }
            if (matchEnd < 0) {
                i++;
                continue;
            }
            if (rawStart < i) {
                out.add(new Fragment(Vocabulary.NONE, rawStart, i));
            }
            out.add(new Fragment(matchId, i, matchEnd));
            i = matchEnd;
            rawStart = i;
        }
        if (rawStart < text.length()) {
            out.add(new Fragment(Vocabulary.NONE, rawStart, text.length()));
        }
        return out;
    }
}
