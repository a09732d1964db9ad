package org.pollux.train.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the trainer cuts text into words before counting pairs. A cut falls between two adjacent
 * code points when the second is {@code ▁} (a word starts at its space), when either is a digit
 * (digits stay single pieces, as in Gemma and Llama), or when exactly one of them is a newline
 * (runs of newlines may merge, but not with text).
 *
 * <p>Why the rule looks only at the two code points on either side: no learned piece can then
 * contain a cut, so the engine's tokenizer, which merges over the whole text without splitting
 * it, can never merge across a cut either. Training and inference segment text the same way.
 */
final class WordSplitter {
    static final char SPACE = '\u2581';

    private WordSplitter() {}

    /** Text as SentencePiece sees it: every space becomes {@code ▁}. */
    static String normalize(String text) {
        return text.replace(' ', SPACE);
    }

    static boolean isCut(int left, int right) {
        return right == SPACE || Character.isDigit(left) || Character.isDigit(right) || (left == '\n') != (right == '\n');
    }

    /** The words of normalized text, in order; concatenated they give the text back. */
    static List<String> words(String normalized) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int prev = -1;
        for (int i = 0; i < normalized.length(); ) {
            int cp = normalized.codePointAt(i);
            if (prev >= 0 && isCut(prev, cp)) {
                out.add(normalized.substring(start, i));
                start = i;
            }
            prev = cp;
            i += Character.charCount(cp);
        }
        if (start < normalized.length()) {
            out.add(normalized.substring(start));
        }
        return out;
    }
}
