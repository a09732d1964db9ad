package org.pollux.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts text into plain fragments and special-token matches (leftmost, then longest), before BPE
 * sees it. Control tokens ({@code <bos>}, {@code <start_of_turn>}) are matched only when special
 * parsing is on; user-defined tokens (e.g. Gemma's runs of newlines) always, as llama.cpp and
 * Hugging Face do.
 */
final class SpecialTokenSplitter {
    /** A fragment: either plain text (id −1) or one token. */
    record Fragment(String text, int id) {
        boolean isToken() {
            return id >= 0;
        }
    }

    private final Map<String, Integer> always = new HashMap<>();
    private final Map<String, Integer> control = new HashMap<>();
    private int maxLength;

    SpecialTokenSplitter(Vocabulary v) {
        for (int i = 0; i < v.size(); i++) {
            TokenType t = v.type(i);
            String p = v.piece(i);
            if (p.isEmpty()) {
                continue;
            }
            if (t == TokenType.USER_DEFINED) {
                always.putIfAbsent(p, i);
            } else if (t == TokenType.CONTROL) {
                control.putIfAbsent(p, i);
            } else {
                continue;
            }
            maxLength = Math.max(maxLength, p.length());
        }
    }

    List<Fragment> split(String text, boolean parseSpecial) {
        List<Fragment> out = new ArrayList<>();
        if (always.isEmpty() && (!parseSpecial || control.isEmpty())) {
            if (!text.isEmpty()) {
                out.add(new Fragment(text, -1));
            }
            return out;
        }
        int plainStart = 0;
        int i = 0;
        while (i < text.length()) {
            int matchLen = 0;
            int matchId = -1;
            for (int len = Math.min(maxLength, text.length() - i); len > 0; len--) {
                String s = text.substring(i, i + len);
                Integer id = always.get(s);
                if (id == null && parseSpecial) {
                    id = control.get(s);
                }
                if (id != null) {
                    matchLen = len;
                    matchId = id;
                    break;
                }
            }
            if (matchLen == 0) {
                i++;
                continue;
            }
            if (i > plainStart) {
                out.add(new Fragment(text.substring(plainStart, i), -1));
            }
            out.add(new Fragment(text.substring(i, i + matchLen), matchId));
            i += matchLen;
            plainStart = i;
        }
        if (plainStart < text.length()) {
            out.add(new Fragment(text.substring(plainStart), -1));
        }
        return out;
    }
}
